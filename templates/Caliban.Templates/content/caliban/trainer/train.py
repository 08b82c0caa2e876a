"""A toy trainer: fits a line to noisy points with stochastic gradient descent, in pure Python.

Replace it with your model. Caliban passes each experiment's flags (the keys of sweep.json) on the command line,
so every flag below is something you can sweep over.
"""

import argparse
import random
import sys

TRUE_SLOPE = 3.0
TRUE_INTERCEPT = 2.0
TRAIN_SIZE = 256
TEST_SIZE = 64


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Fit y = 3x + 2 from noisy samples.")
    parser.add_argument("--learning_rate", type=float, default=0.01, help="SGD step size (default: 0.01)")
    parser.add_argument("--epochs", type=int, default=3, help="passes over the training set (default: 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed for data and shuffling (default: 0)")
    args = parser.parse_args(argv)
    if args.learning_rate <= 0:
        parser.error("--learning_rate must be positive")
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    return args


def make_points(rng, count):
    points = []
    for _ in range(count):
        x = rng.uniform(-1.0, 1.0)
        points.append((x, TRUE_SLOPE * x + TRUE_INTERCEPT + rng.gauss(0.0, 0.1)))
    return points


def mean_squared_error(slope, intercept, points):
    return sum((slope * x + intercept - y) ** 2 for x, y in points) / len(points)


def train(learning_rate, epochs, seed):
    rng = random.Random(seed)
    train_points = make_points(rng, TRAIN_SIZE)
    test_points = make_points(rng, TEST_SIZE)
    slope = intercept = 0.0
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_points)
        for x, y in train_points:
            error = slope * x + intercept - y
            slope -= learning_rate * 2.0 * error * x
            intercept -= learning_rate * 2.0 * error
        train_loss = mean_squared_error(slope, intercept, train_points)
        print(f"epoch {epoch}/{epochs}: train_loss={train_loss:.4f}", flush=True)
    return slope, intercept, mean_squared_error(slope, intercept, test_points)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    print(f"training: learning_rate={args.learning_rate} epochs={args.epochs} seed={args.seed}", flush=True)
    slope, intercept, test_loss = train(args.learning_rate, args.epochs, args.seed)
    print(f"model: y = {slope:.3f} * x + {intercept:.3f}")
    print(f"final test_loss={test_loss:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
