export * from './enums.js';
export * from './scales.js';
export * from './workflow.js';
export * from './calendar.js';
export * from './schemas.js';
export * from './indicators.js';
export * from './routes.js';
export * from './openapi.js';
