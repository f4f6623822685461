/** The routes of the synthesised REST API, read back from its resources and methods. */
import type { Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, type TemplateJson } from './app';

/** One method of the REST API: `ANY /api/leads` and the function its integration invokes. */
export interface RestRoute {
  readonly routeKey: string;
  readonly method: TemplateJson;
}

/** Every method of the template's REST API, by `METHOD /full/path`. */
export function restRoutes(template: Template): RestRoute[] {
  const resources = Object.fromEntries(resourcesOf(template, 'AWS::ApiGateway::Resource'));
  const pathOf = (ref: TemplateJson): string => {
    // The root resource is the API's RootResourceId; every other one is a Ref to its resource.
    if (ref['Fn::GetAtt']) return '';
    const resource = resources[ref.Ref as string] as TemplateJson;
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart as string}`;
  };
  return resourcesOf(template, 'AWS::ApiGateway::Method').map(([, method]) => {
    const properties = (method as TemplateJson).Properties;
    return {
      routeKey: `${properties.HttpMethod as string} ${pathOf(properties.ResourceId) || '/'}`,
      method: properties,
    };
  });
}
