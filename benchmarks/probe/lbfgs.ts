// Limited-memory BFGS for smooth unconstrained minimisation in float64 (Nocedal & Wright 2006, Alg. 7.4–7.5)
// with a strong-Wolfe line search (Alg. 3.5–3.6, cubic zoom). Deviation: once f changes by less than its rounding
// noise, sufficient decrease is judged by Hager & Zhang's (2005) approximate Wolfe test, so tight tolerances are reachable.

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  /** Converged when max |∂f/∂xᵢ| ≤ gradientTolerance (scipy's pgtol criterion). */
  gradientTolerance: number;
  /** Correction pairs kept (default 10, as scipy). */
  memory?: number;
}

export type LbfgsStop = 'gradient' | 'max-iter' | 'line-search-failed';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradientMaxAbs: number;
  iterations: number;
  converged: boolean;
  stop: LbfgsStop;
}

export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const memory = options.memory ?? 10;
  const dim = start.length;
  let x: Float64Array = Float64Array.from(start);
  let gradient: Float64Array = new Float64Array(dim);
  let value = objective(x, gradient);
  const history: Array<{ s: Float64Array; y: Float64Array; rho: number }> = [];
  let iterations = 0;
  while (maxAbs(gradient) > options.gradientTolerance) {
    if (iterations >= options.maxIter) return result(x, value, gradient, iterations, 'max-iter');
    let direction = twoLoopDirection(gradient, history);
    if (dot(direction, gradient) >= 0) direction = scaled(gradient, -1);
    const initialStep = history.length === 0 ? Math.min(1, 1 / norm(gradient)) : 1;
    const step = strongWolfeSearch(objective, x, value, gradient, direction, initialStep);
    if (step === undefined) return result(x, value, gradient, iterations, 'line-search-failed');
    const s = new Float64Array(dim);
    const y = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = step.x[i] - x[i];
      y[i] = step.gradient[i] - gradient[i];
    }
    const curvature = dot(s, y);
    // Keep the inverse-Hessian estimate positive definite: drop pairs without enough positive curvature.
    if (curvature > 1e-12 * norm(s) * norm(y)) {
      history.push({ s, y, rho: 1 / curvature });
      if (history.length > memory) history.shift();
    }
    x = step.x;
    gradient = step.gradient;
    value = step.value;
    iterations += 1;
  }
  return result(x, value, gradient, iterations, 'gradient');
}

/** −H·g by the two-loop recursion, with H₀ = (sᵀy / yᵀy)·I from the newest pair. */
function twoLoopDirection(gradient: Float64Array, history: ReadonlyArray<{ s: Float64Array; y: Float64Array; rho: number }>): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Array<number>(history.length);
  for (let j = history.length - 1; j >= 0; j--) {
    const { s, y, rho } = history[j];
    alphas[j] = rho * dot(s, q);
    axpy(-alphas[j], y, q);
  }
  if (history.length > 0) {
    const { y, rho } = history[history.length - 1];
    const gamma = 1 / (rho * dot(y, y));
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
  }
  for (let j = 0; j < history.length; j++) {
    const { s, y, rho } = history[j];
    const beta = rho * dot(y, q);
    axpy(alphas[j] - beta, s, q);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

interface Trial {
  alpha: number;
  value: number;
  slope: number;
  x: Float64Array;
  gradient: Float64Array;
}

const SUFFICIENT_DECREASE = 1e-4;
const CURVATURE = 0.9;
/** Relative size of f's rounding noise, below which decrease is judged from the slope (Hager & Zhang 2005). */
const VALUE_NOISE = 1e-10;
const MAX_BRACKET_STEPS = 40;
const MAX_ZOOM_STEPS = 30;

interface LineSearch {
  evaluate: (alpha: number) => Trial;
  /** Step gives too little decrease (and no approximate-Wolfe excuse). */
  insufficientDecrease: (t: Trial) => boolean;
  curvatureHolds: (t: Trial) => boolean;
  /** Rounding noise of f at the start point. */
  noise: number;
}

/** A step satisfying the strong Wolfe conditions along `direction`, or undefined if none was found. */
function strongWolfeSearch(
  objective: Objective,
  x: Float64Array,
  value: number,
  gradient: Float64Array,
  direction: Float64Array,
  initialStep: number,
): Trial | undefined {
  const slope0 = dot(gradient, direction);
  const noise = VALUE_NOISE * Math.abs(value);
  const search: LineSearch = {
    evaluate: (alpha) => {
      const point = Float64Array.from(x);
      axpy(alpha, direction, point);
      const pointGradient = new Float64Array(x.length);
      const pointValue = objective(point, pointGradient);
      return { alpha, value: pointValue, slope: dot(pointGradient, direction), x: point, gradient: pointGradient };
    },
    // Near the optimum f stops changing in float64 before ∇f is small; the approximate Wolfe test of Hager &
    // Zhang (f within noise, slope still showing descent on average) keeps the gradient-driven progress going.
    insufficientDecrease: (t) =>
      !(t.value <= value + SUFFICIENT_DECREASE * t.alpha * slope0) &&
      !(t.value <= value + noise && t.slope <= (2 * SUFFICIENT_DECREASE - 1) * slope0),
    curvatureHolds: (t) => Math.abs(t.slope) <= -CURVATURE * slope0,
    noise,
  };
  let previous: Trial = { alpha: 0, value, slope: slope0, x, gradient };
  let alpha = initialStep;
  for (let i = 0; i < MAX_BRACKET_STEPS; i++) {
    const trial = search.evaluate(alpha);
    if (search.insufficientDecrease(trial) || (i > 0 && trial.value > previous.value + noise)) {
      return zoom(previous, trial, search);
    }
    if (search.curvatureHolds(trial)) return trial;
    if (trial.slope >= 0) return zoom(trial, previous, search);
    previous = trial;
    alpha *= 2;
  }
  return undefined;
}

/** Shrinks [low, high], which brackets a strong-Wolfe step, until a trial satisfies both conditions. */
function zoom(low: Trial, high: Trial, search: LineSearch): Trial | undefined {
  for (let j = 0; j < MAX_ZOOM_STEPS; j++) {
    const trial = search.evaluate(interpolateStep(low, high));
    if (search.insufficientDecrease(trial) || trial.value > low.value + search.noise) {
      high = trial;
    } else {
      if (search.curvatureHolds(trial)) return trial;
      if (trial.slope * (high.alpha - low.alpha) >= 0) high = low;
      low = trial;
    }
    if (Math.abs(high.alpha - low.alpha) <= 1e-16 * Math.max(1, Math.abs(low.alpha))) break;
  }
  // Interval exhausted at machine precision: a step that decreased f is still progress (Wolfe curvature unmet).
  return low.alpha > 0 ? low : undefined;
}

/** Minimiser of the cubic through both ends' values and slopes, kept 10% inside the interval (else bisection). */
function interpolateStep(low: Trial, high: Trial): number {
  const d1 = low.slope + high.slope - (3 * (low.value - high.value)) / (low.alpha - high.alpha);
  const radicand = d1 * d1 - low.slope * high.slope;
  const lo = Math.min(low.alpha, high.alpha);
  const width = Math.abs(high.alpha - low.alpha);
  const midpoint = (low.alpha + high.alpha) / 2;
  if (!(radicand >= 0)) return midpoint;
  const d2 = Math.sign(high.alpha - low.alpha) * Math.sqrt(radicand);
  const step = high.alpha - ((high.alpha - low.alpha) * (high.slope + d2 - d1)) / (high.slope - low.slope + 2 * d2);
  if (!Number.isFinite(step) || step < lo + 0.1 * width || step > lo + 0.9 * width) return midpoint;
  return step;
}

function result(x: Float64Array, value: number, gradient: Float64Array, iterations: number, stop: LbfgsStop): LbfgsResult {
  return { x, value, gradientMaxAbs: maxAbs(gradient), iterations, converged: stop === 'gradient', stop };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function maxAbs(a: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]));
  return largest;
}

/** y ← y + a·x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function scaled(a: Float64Array, factor: number): Float64Array {
  return a.map((value) => value * factor);
}
