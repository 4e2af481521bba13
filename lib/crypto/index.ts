/** PII encryption (AES-256-GCM envelopes), blind indexes and key configuration. Server only. */
import 'server-only';
export { encryptField, decryptField, encryptOptionalField, reencryptField, type TFieldContext } from './encrypt-field';
export { blindIndex, normaliseEmail, normalisePhone, type TBlindIndexKind } from './blind-index';
export { CryptoError, type TCryptoErrorCode } from './crypto-error';
export { envelopeKeyId, envelopePrefix, parseEnvelope } from './envelope';
export { getPiiKeyring } from './get-pii-keyring';
export { buildPiiKeyring, type TPiiKeyring } from './keyring';
