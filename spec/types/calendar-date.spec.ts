process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import {
  checkCalendarDate,
  daysInMonth,
  formatCalendarDate,
  isCalendarDate,
  readCalendarDate,
} from '../../lib/types/calendar-date';
import { expectValueError } from './support/expect-thrown';

const EXPECTED = 'expected a calendar date "YYYY-MM-DD" from 0001-01-01 to 9999-12-31.';

describe('calendar-date', () => {
  it('daysInMonth follows the Gregorian leap rule', () => {
    expect([2000, 1900, 2024, 2023].map((y) => daysInMonth(y, 2))).to.deep.equal([29, 28, 29, 28]);
    expect([1, 4, 6, 9, 11, 12].map((m) => daysInMonth(2021, m))).to.deep.equal([31, 30, 30, 30, 30, 31]);
  });

  it('isCalendarDate takes real days from 0001-01-01 to 9999-12-31 only', () => {
    const real = ['0001-01-01', '1969-07-20', '2000-02-29', '2038-01-20', '9999-12-31'];
    const unreal = [
      '0000-01-01',
      '2021-02-29',
      '1900-02-29',
      '2021-04-31',
      '2021-13-01',
      '2021-00-10',
      '2021-1-1',
      '12021-01-01',
      '2021-01-01T00:00:00Z',
      ' 2021-01-01',
    ];
    expect(real.map(isCalendarDate)).to.deep.equal(real.map(() => true));
    expect(unreal.map(isCalendarDate)).to.deep.equal(unreal.map(() => false));
  });

  it('formatCalendarDate gives the UTC day, whatever the process time zone', () => {
    // 02:30 UTC is still the previous evening in New York.
    expect(formatCalendarDate(new Date('2021-03-14T02:30:00.000Z'))).to.equal('2021-03-14');
    expect(formatCalendarDate(new Date('0099-12-31T23:59:59.999Z'))).to.equal('0099-12-31');
  });

  it('checkCalendarDate returns the string unchanged', () => {
    expect(checkCalendarDate('1969-07-20', 'born')).to.equal('1969-07-20');
  });

  it('checkCalendarDate refuses days that do not exist', () => {
    expectValueError(
      () => checkCalendarDate('2021-02-29', 'born'),
      `Cannot write "2021-02-29" to column born: ${EXPECTED}`,
      'born',
    );
  });

  it('checkCalendarDate refuses a Date, saying how to get its UTC day', () => {
    expectValueError(
      () => checkCalendarDate(new Date('2021-03-14T00:00:00.000Z'), 'born'),
      `Cannot write Date 2021-03-14T00:00:00.000Z to column born: ${EXPECTED}\n` +
        '  A date column holds a day, not an instant: pass "YYYY-MM-DD" (for the UTC day of a Date, date.toISOString().slice(0, 10)).',
      'born',
    );
  });

  it('readCalendarDate reads the driver string and refuses a Date a driver made in local time', () => {
    expect(readCalendarDate('0001-01-01')).to.equal('0001-01-01');
    expectValueError(
      () => readCalendarDate(new Date('2021-03-14T05:00:00.000Z')),
      `Cannot read Date 2021-03-14T05:00:00.000Z from a date column: ${EXPECTED}\n` +
        '  The driver turned the day into a Date in its local time zone: have it return the string (pg: postgresTypeParser; mysql2: dateStrings).',
    );
    expectValueError(() => readCalendarDate('0000-00-00'), `Cannot read "0000-00-00" from a date column: ${EXPECTED}`);
  });
});
