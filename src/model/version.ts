/** Version of the model's equations and default world. Bump when outputs change on purpose. */
export const MODEL_VERSION = '0.3.0';
