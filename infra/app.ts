/**
 * The CDK app (cdk.json's "app"). Select a stage with `-c stage=<name>`; every setting comes
 * from cdk.json's context, validated before anything is built.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError } from './config/config';
import { buildLeadCaptureApp } from './build';
import { SiteBuildMissingError } from './site/site-files';

const app = new App();
try {
  buildLeadCaptureApp(app);
} catch (error) {
  // A wrong setting or a missing build is the person's to fix: say what, without a stack trace.
  if (error instanceof ConfigError || error instanceof SiteBuildMissingError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
