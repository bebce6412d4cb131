export * from './errors';
export * from './mapper';
export * from './service';
export * from './values';
