"""Reference timing for bench/labelmodel.bench.ts: fits snorkel's own LabelModel on a label matrix saved as .npy.

usage: python3 bench/snorkel_labelmodel.py L.npy Y.npy [--epochs 100] [--lr 0.01] [--seed 123] [--threads 1]
       [--cardinality K] [--repeat 2]
Prints one JSON object: {"fit_ms", "predict_ms", "tie_ms", "acc", "threads", "snorkel_version"}: predict_ms times
predict_proba, tie_ms the tie rule (probs_to_preds with tie_break_policy="random", as LabelModel.predict does); acc uses
those predictions. --threads sets torch.set_num_threads. --repeat N fits and predicts N times in this process and
reports the last call (default 2: the first pays torch's warm-up, as the Node side's first call pays the JIT's).
"""
import argparse
import json
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("L")
    parser.add_argument("Y")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cardinality", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    import snorkel
    import torch
    from snorkel.labeling.model import LabelModel

    torch.set_num_threads(args.threads)
    L = np.load(args.L)
    Y = np.load(args.Y)
    k = args.cardinality or (2 if L.max() < 2 else int(L.max()) + 1)
    for _ in range(max(1, args.repeat)):
        model = LabelModel(cardinality=k, verbose=False)
        start = time.perf_counter()
        model.fit(L, n_epochs=args.epochs, lr=args.lr, seed=args.seed, progress_bar=False)
        fit_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        probs = model.predict_proba(L)
        predict_ms = (time.perf_counter() - start) * 1000
    from snorkel.utils import probs_to_preds

    start = time.perf_counter()
    preds = probs_to_preds(probs, tie_break_policy="random")
    tie_ms = (time.perf_counter() - start) * 1000
    print(json.dumps({
        "fit_ms": round(fit_ms, 1),
        "predict_ms": round(predict_ms, 1),
        "tie_ms": round(tie_ms, 1),
        "threads": torch.get_num_threads(),
        "acc": float((preds == Y).mean()),
        "snorkel_version": snorkel.__version__,
    }))


if __name__ == "__main__":
    main()
