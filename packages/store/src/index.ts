// The query builder's essentials, so that packages using the store need no direct kysely import.
export {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
export {
  type AccessEntry,
  checkSignInLink,
  endWebSession,
  findWebSession,
  type GrantedLink,
  type GrantRefusal,
  grantSignInLink,
  hashSecret,
  type LinkCheck,
  type LinkRefusal,
  type LinkState,
  listAccess,
  newSecret,
  type Revoked,
  redeemSignInLink,
  revokeAccess,
  type StartedSession,
  sharedSetting,
} from './access.js';
export type { CopyValue } from './copy.js';
export { MIGRATIONS, QUESTION_ID_BLOCK } from './migrations.js';
export { type OpenStoreOptions, openStore, type Store, StoreInUseError } from './open.js';
export { PGliteDialect } from './pglite-dialect.js';
export {
  type ChannelInput,
  cancelEvent,
  eventFromRow,
  findOfficerByIdentity,
  type IdentityKey,
  identitiesOf,
  insertEventIfAbsent,
  linkIdentity,
  listChannels,
  listEvents,
  listOfficers,
  officerFromRow,
  removeOfficer,
  type StoredEvent,
  type StoredOfficer,
  upsertChannel,
  upsertEvent,
  upsertOfficer,
} from './repositories.js';
export * from './schema.js';
