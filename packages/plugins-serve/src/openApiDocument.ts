// The OpenAPI 3.1 document of the classification API, served at /openapi.json.

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string', description: 'Stable error code' }, message: { type: 'string' } },
};

const prediction = {
  type: 'object',
  required: ['label', 'labelIndex', 'probabilities'],
  properties: {
    label: { type: 'string' },
    labelIndex: { type: 'integer' },
    probabilities: { type: 'object', additionalProperties: { type: 'number' }, description: 'Probability per class name' },
  },
};

const errors = (codes: number[]): Record<string, unknown> =>
  Object.fromEntries(codes.map((c) => [String(c), { description: { 400: 'Invalid body', 401: 'Missing or wrong API key', 413: 'Body over the size limit', 422: 'The model could not be loaded' }[c], content: { 'application/json': { schema: errorBody } } }]));

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
            200: {
              description: 'One prediction for `text`, a list for `texts`',
              content: {
                'application/json': {
                  schema: {
                    oneOf: [
                      { allOf: [prediction, { type: 'object', properties: { modelId: { type: 'string' } } }] },
                      { type: 'object', properties: { modelId: { type: 'string' }, predictions: { type: 'array', items: prediction } } },
                    ],
                  },
                },
              },
            },
            ...errors([400, 401, 413]),
          },
        },
      },
      '/v1/models': { get: { summary: 'The served model', responses: { 200: { description: 'id, type, class names, run id, load time' }, ...errors([401]) } } },
      '/v1/models/reload': {
        post: {
          summary: 'Load the configured model again (or the model of `runId`) and swap it in without dropping requests',
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { runId: { type: 'string' } }, additionalProperties: false } } } },
          responses: { 200: { description: 'The previous and the new model' }, ...errors([400, 401, 422]) },
        },
      },
      '/healthz': { get: { summary: 'The process is up', security: [], responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'A model is loaded and the store answers', security: [], responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format' }, ...errors([401]) } } },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
  };
}
