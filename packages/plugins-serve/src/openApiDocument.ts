// The OpenAPI 3.1 document of the classification API, served at /openapi.json.

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string', description: 'Stable error code' }, message: { type: 'string' } },
};

const predictionProperties = {
  label: { type: 'string' },
  labelIndex: { type: 'integer', minimum: 0 },
  probabilities: { type: 'object', additionalProperties: { type: 'number' }, description: 'Probability per class name' },
};
const prediction = { type: 'object', required: ['label', 'labelIndex', 'probabilities'], properties: predictionProperties, additionalProperties: false };

/** The single answer has the prediction's fields beside modelId; the batch answer has `predictions`: exactly one branch matches each. */
const classifyResponse = {
  oneOf: [
    {
      type: 'object',
      required: ['modelId', 'label', 'labelIndex', 'probabilities'],
      properties: { modelId: { type: 'string' }, ...predictionProperties },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['modelId', 'predictions'],
      properties: { modelId: { type: 'string' }, predictions: { type: 'array', items: prediction } },
      additionalProperties: false,
    },
  ],
};

const model = {
  type: 'object',
  required: ['id', 'type', 'classNames', 'runId', 'loadedAt'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    classNames: { type: 'array', items: { type: 'string' } },
    runId: { type: ['string', 'null'] },
    loadedAt: { type: 'string' },
  },
  additionalProperties: false,
};

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid body',
  401: 'Missing or wrong API key',
  413: 'Body over the size limit',
  415: 'Body that is not JSON',
  422: 'The model could not be loaded',
};
const errors = (codes: number[]): Record<string, unknown> =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_DESCRIPTIONS[c], ...json(errorBody) }]));

const readiness = (status: string) => ({
  type: 'object',
  required: ['status', 'modelId'],
  properties: { status: { const: status }, modelId: { type: 'string' } },
  additionalProperties: false,
});

/** The document, with the limits this server enforces written into it. */
export function openApiDocument(limits: { maxBatch: number; maxTextLength: number; bodyLimitBytes: number }): Record<string, unknown> {
  const text = { type: 'string', minLength: 1, maxLength: limits.maxTextLength };
  return {
    openapi: '3.1.0',
    info: { title: 'Skimmer classification API', version: '1.0.0', description: `Request bodies up to ${limits.bodyLimitBytes} bytes.` },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/classify': {
        post: {
          summary: 'Classify one text or a batch',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { type: 'object', required: ['text'], properties: { text } },
                    { type: 'object', required: ['texts'], properties: { texts: { type: 'array', minItems: 1, maxItems: limits.maxBatch, items: text } } },
                  ],
                },
              },
            },
          },
          responses: {
            200: { description: 'One prediction for `text`, a list for `texts`', ...json(classifyResponse) },
            ...errors([400, 401, 413, 415]),
          },
        },
      },
      '/v1/models': {
        get: {
          summary: 'The served model',
          responses: {
            200: {
              description: 'id, type, class names, run id, load time',
              ...json({ type: 'object', required: ['current'], properties: { current: model }, additionalProperties: false }),
            },
            ...errors([401]),
          },
        },
      },
      '/v1/models/reload': {
        post: {
          summary: 'Load the configured model again (or the model of `runId`) and swap it in without dropping requests',
          requestBody: {
            required: false,
            content: { 'application/json': { schema: { type: 'object', properties: { runId: { type: 'string' } }, additionalProperties: false } } },
          },
          responses: {
            200: {
              description: 'The previous and the new model',
              ...json({
                type: 'object',
                required: ['previous', 'current'],
                properties: { previous: { type: 'string' }, current: model },
                additionalProperties: false,
              }),
            },
            ...errors([400, 401, 415, 422]),
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process is up',
          security: [],
          responses: {
            200: { description: 'ok', ...json({ type: 'object', required: ['status'], properties: { status: { const: 'ok' } }, additionalProperties: false }) },
          },
        },
      },
      '/readyz': {
        get: {
          summary: 'A model is loaded and the store answers',
          security: [],
          responses: {
            200: { description: 'ready', ...json(readiness('ready')) },
            503: { description: 'not ready', ...json(readiness('not ready')) },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: { 200: { description: 'text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors([401]) },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1', ...json({ type: 'object', required: ['openapi', 'paths'] }) } },
        },
      },
    },
  };
}
