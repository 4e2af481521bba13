/** PAN guard: no card number enters the system (ingest bodies and staff free text). */
export { findCardNumbers, type TCardNumberHit } from './find-card-numbers';
export { assertNoCardNumbers, CARD_NUMBER_MESSAGE } from './assert-no-card-numbers';
export { countCardNumbersInText, isPlausiblePan } from './scan-text';
export { ZPanSafeText } from './pan-safe-text';
export { isLuhnValid } from './luhn';
