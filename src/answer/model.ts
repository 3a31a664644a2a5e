/**
 * The calibrated decision: a logistic regression, P(the quoted answer is right | features), trained by
 * `bench/train.ts` on the labelled sets and shipped as `model.json` (plain data). `answerAt` and `suggestAt`
 * are cut-offs on that probability, chosen on held-out folds for at most 2 % wrong answers (README, "Answer bands").
 */
import shipped from './model.json' with { type: 'json' };
import { FEATURE_NAMES, type FeatureVector } from './features.js';

export interface DecisionModel {
  /** Feature names, in the order of `weights` (after the intercept). */
  features: string[];
  /** Intercept, then one weight per standardised feature. */
  weights: number[];
  mean: number[];
  std: number[];
  /** Probability at or above which the bot answers. */
  answerAt: number;
  /** Probability at or above which the bot suggests topics instead of declining. */
  suggestAt: number;
  /** How the model was trained (items, folds, date): for people reading the file. */
  trainedOn?: string;
}

export const DECISION_MODEL: DecisionModel = shipped as DecisionModel;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** P(right) for one feature vector. The model's feature list must be the code's. */
export function probability(model: DecisionModel, x: FeatureVector): number {
  let z = model.weights[0]!;
  for (let i = 0; i < x.length; i++) z += model.weights[i + 1]! * ((x[i]! - model.mean[i]!) / model.std[i]!);
  return sigmoid(z);
}

/** Fits a logistic regression by gradient descent on standardised features with an L2 penalty (pure). */
export function fitLogistic(xs: readonly FeatureVector[], ys: readonly number[], opts: { l2?: number; epochs?: number; rate?: number } = {}): Omit<DecisionModel, 'answerAt' | 'suggestAt'> {
  const { l2 = 0.01, epochs = 3000, rate = 0.5 } = opts;
  const d = FEATURE_NAMES.length;
  const n = xs.length;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j]!, 0) / n);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / n) || 1);
  const z = xs.map((x) => x.map((v, j) => (v - mean[j]!) / std[j]!));
  const w = new Array<number>(d + 1).fill(0);
  for (let e = 0; e < epochs; e++) {
    const grad = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      let s = w[0]!;
      for (let j = 0; j < d; j++) s += w[j + 1]! * z[i]![j]!;
      const err = sigmoid(s) - ys[i]!;
      grad[0]! += err;
      for (let j = 0; j < d; j++) grad[j + 1]! += err * z[i]![j]!;
    }
    w[0] = w[0]! - (rate * grad[0]!) / n;
    for (let j = 1; j <= d; j++) w[j] = w[j]! - rate * (grad[j]! / n + l2 * w[j]!);
  }
  return { features: [...FEATURE_NAMES], weights: w, mean, std };
}

/**
 * The lowest cut-off whose answers hold at most `maxWrong` wrong ones (as a share of all items), scanning
 * the items' probabilities from the top. `right[i]` says whether item i's answer would be right.
 */
export function chooseAnswerCutoff(ps: readonly number[], right: readonly boolean[], maxWrong: number): number {
  const order = ps.map((p, i) => i).sort((a, b) => ps[b]! - ps[a]!);
  const budget = maxWrong * ps.length;
  let wrong = 0;
  let cut = 1;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (!right[i]) wrong++;
    if (wrong > budget) break;
    // Only cut between distinct probabilities, so every item at the cut-off is on the answered side.
    const next = order[k + 1];
    if (next === undefined || ps[next]! < ps[i]!) cut = ps[i]!;
  }
  return cut;
}
