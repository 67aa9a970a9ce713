/** Types of mljs' ml-logistic-regression 2.0.0 (the package ships none): the parts this project uses. */
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";

  /** One binary classifier of the one-vs-all ensemble; `testScores` gives P(class ≠ its class) per row. */
  interface LogisticRegressionTwoClasses {
    weights: Matrix;
    testScores(features: Matrix): number[];
  }

  /** Logistic regression by batch gradient ascent, one-vs-all over the classes 0..k−1 (no intercept: add a column of ones). */
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: LogisticRegressionTwoClasses[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
  }
}
