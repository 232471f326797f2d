import { en } from './messages.en';
import { LANGUAGES, isLanguage, knownKey, translator } from './i18n';

describe('console texts', () => {
  it('has every key in every language, none empty', () => {
    for (const messages of Object.values(LANGUAGES)) {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      expect(Object.values(messages).filter((text) => text.trim() === '')).toEqual([]);
    }
  });

  it('fills in values and leaves unknown placeholders visible', () => {
    expect(translator('en')('customerHeading', { customerId: 'C-1' })).toBe('Customer C-1');
    expect(translator('fi')('customerHeading', { customerId: 'C-1' })).toBe('Asiakas C-1');
    expect(translator('en')('customerHeading')).toBe('Customer {customerId}');
  });

  it('knows its languages and keys, and nothing inherited', () => {
    expect(isLanguage('fi')).toBe(true);
    expect(isLanguage('sv')).toBe(false);
    expect(isLanguage('constructor')).toBe(false);
    expect(knownKey('refusalNOT_OWNER_CUSTOMER')).toBe(true);
    expect(knownKey('toString')).toBe(false);
  });

  it('explains before submitting that the member number is not the S-card number (R4)', () => {
    expect(en.memberNumberHint).toMatch(/10-digit/);
    expect(en.memberNumberHint).toMatch(/NOT the long number of the S-card/);
  });
});
