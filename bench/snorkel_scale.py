"""Snorkel 0.10 side of bench/scale.bench.ts: the youtube-spam example's LFs with PandasLFApplier + LabelModel (500 epochs).

usage: python bench/snorkel_scale.py train.csv [--epochs 500] [--seed 123]
Reads the CSV (COMMENT_ID, CONTENT, CLASS) with pandas, applies the same 8 LFs as examples/youtube-spam/config.yaml
(keywords as substrings of the lower-cased text, praise words whole-word, check.*out, short_comment), fits
LabelModel(cardinality=2) and predicts the probabilities. Prints one JSON object: load_s, apply_s, fit_s, predict_s,
totalS, cpuS (user + system seconds of the timed part), peak_rss_mib, snorkel_version. Storing labels is not included (Skimmer's figure includes it).
"""
import argparse
import json
import re
import resource
import time

ABSTAIN, HAM, SPAM = -1, 0, 1
PRAISE = re.compile(r"(?<![\w])(best|awesome|love|amazing|beautiful|perfect|cool|nice|great|good)(?![\w])")
CHECK_OUT = re.compile(r"check.*out", re.I)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=123)
    args = parser.parse_args()

    import pandas as pd
    import snorkel
    from snorkel.labeling import PandasLFApplier, labeling_function
    from snorkel.labeling.model import LabelModel

    def keyword(name, words, label):
        @labeling_function(name=name)
        def lf(x):
            text = x.text.lower()
            return label if any(w in text for w in words) else ABSTAIN

        return lf

    @labeling_function()
    def regex_check_out(x):
        return SPAM if CHECK_OUT.search(x.text) else ABSTAIN

    @labeling_function()
    def keyword_praise(x):
        return HAM if PRAISE.search(x.text.lower()) else ABSTAIN

    @labeling_function()
    def short_comment(x):
        return HAM if len(x.text.split()) < 5 else ABSTAIN

    lfs = [
        keyword("keyword_my", ["my"], SPAM),
        keyword("keyword_subscribe", ["subscribe"], SPAM),
        keyword("keyword_http", ["http"], SPAM),
        keyword("keyword_please", ["please", "plz"], SPAM),
        keyword("keyword_song", ["song"], HAM),
        regex_check_out,
        keyword_praise,
        short_comment,
    ]
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    df = pd.read_csv(args.csv, dtype={"COMMENT_ID": str, "CONTENT": str}, keep_default_na=False).rename(columns={"CONTENT": "text"})
    t1 = time.perf_counter()
    L = PandasLFApplier(lfs=lfs).apply(df=df, progress_bar=False)
    t2 = time.perf_counter()
    model = LabelModel(cardinality=2, verbose=False)
    model.fit(L_train=L, n_epochs=args.epochs, log_freq=100, seed=args.seed, progress_bar=False)
    t3 = time.perf_counter()
    model.predict_proba(L)
    t4 = time.perf_counter()
    r4 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "load_s": round(t1 - t0, 2), "apply_s": round(t2 - t1, 2), "fit_s": round(t3 - t2, 2), "predict_s": round(t4 - t3, 2),
        "totalS": round(t4 - t0, 2),
        "cpuS": round(r4.ru_utime + r4.ru_stime - r0.ru_utime - r0.ru_stime, 2), "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "snorkel_version": snorkel.__version__,
    }))


if __name__ == "__main__":
    main()
