"""Writes the Snorkel spam tutorial's split of the UCI YouTube files as COMMENT_ID lists (split/{train,valid,test}_ids.txt).

The tutorial (snorkel-tutorials/spam/utils.py, load_spam_dataset) shuffles each file with
df.sample(frac=1, random_state=123), keeps files 01-04 as train and splits file 05 with
train_test_split(test_size=250, random_state=123, stratify=label). numpy's RNG is not worth porting,
so this script runs the tutorial's code once and the lists are committed.

A COMMENT_ID that repeats inside one file (three exact duplicate rows in the UCI data) gets the suffix
"~2" on its second occurrence, in file order; the pipeline's CSV loader applies the same rule.

Usage: pip install pandas scikit-learn && python examples/youtube-spam/make_split.py [DATA_DIR]
"""

import glob
import os
import sys

import pandas as pd
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "datasets", "uci-youtube-spam")


def unique_ids(ids):
    seen = {}
    out = []
    for comment_id in ids:
        seen[comment_id] = seen.get(comment_id, 0) + 1
        out.append(comment_id if seen[comment_id] == 1 else f"{comment_id}~{seen[comment_id]}")
    return out


filenames = sorted(glob.glob(os.path.join(DATA_DIR, "Youtube*.csv")))
assert len(filenames) == 5, f"expected 5 Youtube*.csv files in {DATA_DIR}"
dfs = []
for i, filename in enumerate(filenames, start=1):
    df = pd.read_csv(filename)
    df.columns = map(str.lower, df.columns)
    df["comment_id"] = unique_ids(df["comment_id"])
    df["video"] = [i] * len(df)
    df = df.rename(columns={"class": "label", "content": "text"})
    df = df.sample(frac=1, random_state=123).reset_index(drop=True)
    dfs.append(df)

df_train = pd.concat(dfs[:4])
df_valid_test = dfs[4]
df_valid, df_test = train_test_split(df_valid_test, test_size=250, random_state=123, stratify=df_valid_test.label)

for name, df in (("train", df_train), ("valid", df_valid), ("test", df_test)):
    with open(os.path.join(HERE, "split", f"{name}_ids.txt"), "w", encoding="utf-8") as out:
        out.write("\n".join(df["comment_id"]) + "\n")
    print(name, len(df), "rows,", int(df["label"].sum()), "spam")
