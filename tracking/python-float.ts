// Python's repr() of a float, and back: how MLflow's file store writes metric values
// (`f"{timestamp} {value} {step}"` in file_store._log_run_metric): shortest round-trip digits, like JS,
// but scientific notation below 1e-4 or from 1e16 up, a ".0" on integral values, and nan/inf spelled so.

export function formatPythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';

  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = x < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');

  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.slice(1);
    const exponentSign = exponent < 0 ? '-' : '+';
    const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction ? `.${fraction}` : ''}e${exponentSign}${exponentDigits}`;
  }
  if (exponent >= 0) {
    const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    return `${sign}${integerPart}.${fraction || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

/** The number a metric-file value stands for: Python's float() of repr's output (nan, inf, -inf included). */
export function parsePythonFloat(text: string): number {
  if (text === 'nan') return Number.NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new RangeError(`not a Python float: '${text}'`);
  return value;
}
