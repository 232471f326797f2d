export { startStandInApp } from './stand-in-app';
export type { StandInApp } from './stand-in-app';
export { loadStandInConfig } from './config/stand-in.config';
export type { StandInConfig } from './config/stand-in.config';
export { MemberDirectory } from './members/member-directory';
export type { RegisterBehaviour } from './members/member-directory';
export { demoSeedPath } from './demo-seed';
