/**
 * Stands in for `@smithy/core/event-streams` in the functions' bundles (an esbuild alias,
 * infra/bundling.ts). The SDK loads it only for operations that stream events; none of the
 * DynamoDB and SES calls the functions make does, so the codec is weight without work. Should
 * one ever be called, it fails loudly instead of misbehaving.
 */
const unsupported = (): never => {
  throw new Error('AWS event streams are left out of this bundle (infra/no-event-streams.ts)');
};

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}

export const eventStreamSerdeProvider = unsupported;
