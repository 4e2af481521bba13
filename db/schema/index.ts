export * from './staff';
export * from './auth';
export * from './audit';
export * from './system';
export * from './notification-reads';
