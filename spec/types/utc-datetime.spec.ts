process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import {
  checkDateTime,
  formatIsoUtc,
  formatUtcDateTime,
  parseUtcDateTime,
  readDateTime,
} from '../../lib/types/utc-datetime';
import { expectValueError } from './support/expect-thrown';

const EXPECTED = 'expected a valid Date from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.';
const at = (iso: string) => new Date(iso);

describe('utc-datetime', () => {
  it('runs in America/New_York, so any use of the process time zone would show', () => {
    expect(at('2021-11-07T06:30:00.000Z').getTimezoneOffset()).to.equal(300);
  });

  describe('formatUtcDateTime and formatIsoUtc', () => {
    it('write UTC with milliseconds, before 1970, after 2038 and across DST', () => {
      const instants = [
        '1969-07-20T20:17:40.123Z',
        '2038-01-19T03:14:08.001Z',
        '2021-03-14T07:00:00.000Z',
        '2021-11-07T06:30:00.000Z',
      ];
      expect(instants.map((i) => formatUtcDateTime(at(i)))).to.deep.equal([
        '1969-07-20 20:17:40.123',
        '2038-01-19 03:14:08.001',
        '2021-03-14 07:00:00.000',
        '2021-11-07 06:30:00.000',
      ]);
      expect(instants.map((i) => formatIsoUtc(at(i)))).to.deep.equal(instants);
    });

    it('pad years below 1000 to four digits', () => {
      expect(formatUtcDateTime(at('0001-01-01T00:00:00.000Z'))).to.equal('0001-01-01 00:00:00.000');
      expect(formatIsoUtc(at('0099-06-05T04:03:02.010Z'))).to.equal('0099-06-05T04:03:02.010Z');
    });
  });

  describe('parseUtcDateTime', () => {
    it('reads zoneless text as UTC (MySQL DATETIME, SQLite TEXT), with or without milliseconds', () => {
      expect(parseUtcDateTime('2021-11-07 06:30:00.000')).to.deep.equal(at('2021-11-07T06:30:00.000Z'));
      expect(parseUtcDateTime('2021-03-14 07:00:00')).to.deep.equal(at('2021-03-14T07:00:00.000Z'));
    });

    it('reads PostgreSQL timestamptz text with its offset and trimmed fraction', () => {
      expect(parseUtcDateTime('1969-07-20 20:17:40.1+00')).to.deep.equal(at('1969-07-20T20:17:40.100Z'));
      expect(parseUtcDateTime('2021-03-14 02:00:00-05')).to.deep.equal(at('2021-03-14T07:00:00.000Z'));
      expect(parseUtcDateTime('2021-03-14 12:30:00+05:30')).to.deep.equal(at('2021-03-14T07:00:00.000Z'));
      expect(parseUtcDateTime('1900-01-01 00:00:00+00:19:32')).to.deep.equal(at('1899-12-31T23:40:28.000Z'));
      expect(parseUtcDateTime('2021-03-14T07:00:00.123Z')).to.deep.equal(at('2021-03-14T07:00:00.123Z'));
    });

    it('reads years 0001–0099 as such (Date.UTC would make them 19xx)', () => {
      expect(parseUtcDateTime('0001-01-01 00:00:00+00')).to.deep.equal(at('0001-01-01T00:00:00.000Z'));
      expect(parseUtcDateTime('0099-12-31 23:59:59.999')).to.deep.equal(at('0099-12-31T23:59:59.999Z'));
    });

    it('truncates digits past milliseconds', () => {
      expect(parseUtcDateTime('2021-01-01 00:00:00.123999')).to.deep.equal(at('2021-01-01T00:00:00.123Z'));
    });

    it('gives undefined for what is not a real instant', () => {
      const texts = [
        '2021-02-29 00:00:00',
        '2021-01-01 24:00:00',
        '2021-01-01 00:60:00',
        'infinity',
        '2021-01-01',
        '0000-00-00 00:00:00',
        '2021-01-01 00:00:00 BC',
      ];
      expect(texts.map(parseUtcDateTime)).to.deep.equal(texts.map(() => undefined));
    });
  });

  describe('checkDateTime', () => {
    it('takes valid Dates from year 1 to 9999 unchanged', () => {
      const instant = at('9999-12-31T23:59:59.999Z');
      expect(checkDateTime(instant, 'at')).to.equal(instant);
      expect(checkDateTime(at('0001-01-01T00:00:00.000Z'), 'at')).to.deep.equal(at('0001-01-01T00:00:00.000Z'));
    });

    it('refuses invalid Dates and years outside 0001–9999', () => {
      expectValueError(
        () => checkDateTime(new Date(Number.NaN), 'at'),
        `Cannot write an invalid Date to column at: ${EXPECTED}`,
        'at',
      );
      expectValueError(
        () => checkDateTime(at('+010000-01-01T00:00:00.000Z'), 'at'),
        `Cannot write Date +010000-01-01T00:00:00.000Z to column at: ${EXPECTED}`,
        'at',
      );
      expectValueError(
        () => checkDateTime(at('0000-12-31T23:59:59.999Z'), 'at'),
        `Cannot write Date 0000-12-31T23:59:59.999Z to column at: ${EXPECTED}`,
        'at',
      );
    });

    it('refuses strings and numbers, pointing to Date', () => {
      expectValueError(
        () => checkDateTime('2021-03-14T07:00:00Z', 'at'),
        `Cannot write "2021-03-14T07:00:00Z" to column at: ${EXPECTED}\n  Pass a Date (new Date("2021-03-14T07:00:00Z")), not a string.`,
        'at',
      );
      expectValueError(() => checkDateTime(0, 'at'), `Cannot write 0 to column at: ${EXPECTED}`, 'at');
    });
  });

  describe('readDateTime', () => {
    it('reads driver strings, and Dates a driver already parsed exactly', () => {
      expect(readDateTime('2021-11-07 06:30:00.000')).to.deep.equal(at('2021-11-07T06:30:00.000Z'));
      expect(readDateTime(at('2021-11-07T06:30:00.000Z'))).to.deep.equal(at('2021-11-07T06:30:00.000Z'));
    });

    it('refuses what is not an instant', () => {
      expectValueError(
        () => readDateTime('infinity'),
        'Cannot read "infinity" from a datetime column: expected a datetime string "YYYY-MM-DD HH:MM:SS.SSS" (UTC).',
      );
      expectValueError(
        () => readDateTime(new Date(Number.NaN)),
        'Cannot read an invalid Date from a datetime column: expected a datetime string "YYYY-MM-DD HH:MM:SS.SSS" (UTC).',
      );
    });
  });
});
