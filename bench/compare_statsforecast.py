"""Compare Floorcast's `forecast` CLI with Nixtla statsforecast's AutoETS on the
accuracy sets that `server bench-forecast --dir` exports.

Reproduce (the virtualenv lives outside the repository):

    python3 -m venv /work/scratch/sf-venv
    /work/scratch/sf-venv/bin/pip install statsforecast pandas
    target/release/server bench-forecast --series 200 --accuracy-sample 300 --dir /work/scratch/sets
    /work/scratch/sf-venv/bin/python bench/compare_statsforecast.py \
        --server target/release/server --dir /work/scratch/sets

For each `<kind>-train.csv` / `<kind>-test.csv` pair this fits AutoETS(season_length=m)
(model "ZZZ") on the rows with a quantity (AutoETS takes no drivers, so the promotion
column and the future rows are ignored; Floorcast does use them), runs
`server forecast --method auto` and `--method ets` on the same file, and scores all three
on the held-out periods: mean MASE (seasonal-naive scale with season m, falling back to
m = 1 when the history is too short or that scale is 0; series with no scale at all are
skipped for every model and counted), mean sMAPE, 80 %/95 % interval coverage, and wall
seconds. Forecasts and bounds are clipped at zero (demand), as Floorcast does.

statsforecast 1.x compiles its models with numba on first use (slow, once); 2.x ships a
compiled core. Either way one small warm-up fit runs before timing, so compile time is
never counted. The frequency given to statsforecast is inferred from the dates. Last run
with statsforecast 2.1.1, pandas 2.3.3, numpy 2.4.6 (Python 3.11), n_jobs = -1 on 2 cores;
Floorcast's seconds include process start and CSV reading and writing.
"""
import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS

SEASONS = {"daily-regular": 7, "daily-intermittent": 7, "weekly": 52, "monthly": 12, "quarterly": 4}
BANDS = ("lo80", "hi80", "lo95", "hi95")


def read(path):
    return pd.read_csv(path, dtype={"series_id": str}, parse_dates=["date"]).sort_values(["series_id", "date"])


def frequency(history):
    """The pandas frequency of the longest series' dates ('D', 'W-THU', 'MS', 'QS-OCT', ...)."""
    longest = history.groupby("series_id")["date"].count().idxmax()
    freq = pd.infer_freq(history.loc[history.series_id == longest, "date"])
    if freq is None:
        sys.exit(f"cannot infer a frequency from the dates of series {longest}")
    return freq


def statsforecast(history, h, m, freq, n_jobs):
    """AutoETS forecasts with columns series_id, date, forecast, lo80..hi95, and the wall seconds."""
    df = history.rename(columns={"series_id": "unique_id", "date": "ds", "quantity": "y"})[["unique_id", "ds", "y"]]
    sf = StatsForecast(models=[AutoETS(season_length=m)], freq=freq, n_jobs=n_jobs)
    started = time.perf_counter()
    out = sf.forecast(df=df, h=h, level=[80, 95])
    seconds = time.perf_counter() - started
    names = {"unique_id": "series_id", "ds": "date", "AutoETS": "forecast"}
    names.update({f"AutoETS-{b[:2]}-{b[2:]}": b for b in BANDS})
    out = out.rename(columns=names).sort_values(["series_id", "date"])
    return out[["series_id", "date", "forecast", *BANDS]], seconds


def floorcast(server, train, h, method, out):
    command = [server, "forecast", "--input", str(train), "--horizon", str(h),
               "--method", method, "--level", "80,95", "--output", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    seconds = time.perf_counter() - started
    frame = pd.read_csv(out, dtype={"series_id": str}, parse_dates=["date"])
    return frame.sort_values(["series_id", "step"])[["series_id", "date", "forecast", *BANDS]], seconds


def scale(y, m):
    """In-sample MAE of the seasonal naive with season m, then m = 1; None when both are unusable."""
    for lag in (m, 1):
        if len(y) > lag:
            s = np.mean(np.abs(y[lag:] - y[:-lag]))
            if s > 0:
                return s
    return None


def score(history, test, forecasts, m, clip=True):
    """Mean MASE, sMAPE, cover80, cover95 over the scored series, the number scored and skipped."""
    rows, skipped = [], 0
    train = {k: g.quantity.to_numpy(float) for k, g in history.groupby("series_id")}
    predicted = {k: g for k, g in forecasts.groupby("series_id")}
    for key, actual in test.groupby("series_id"):
        y, s = actual.quantity.to_numpy(float), scale(train[key], m)
        if s is None:
            skipped += 1
            continue
        f = predicted[key]
        if len(f) != len(y):
            sys.exit(f"series {key}: {len(f)} forecasts for {len(y)} test periods")
        fc, lo80, hi80, lo95, hi95 = (f[c].to_numpy(float) for c in ("forecast", *BANDS))
        if clip:
            fc, lo80, hi80, lo95, hi95 = (np.clip(a, 0, None) for a in (fc, lo80, hi80, lo95, hi95))
        e, d = np.abs(y - fc), np.abs(y) + np.abs(fc)
        smape = 100 * np.mean(np.divide(2 * e, d, out=np.zeros_like(e), where=d > 0))
        rows.append((e.mean() / s, smape, np.mean((lo80 <= y) & (y <= hi80)), np.mean((lo95 <= y) & (y <= hi95))))
    mase, smape, c80, c95 = np.mean(rows, axis=0) if rows else [np.nan] * 4
    return mase, smape, 100 * c80, 100 * c95, len(rows), skipped


def warm_up():
    y = 10 + np.sin(np.arange(40) * 2 * np.pi / 4)
    df = pd.DataFrame({"unique_id": "w", "ds": pd.date_range("2020-01-01", periods=40, freq="D"), "y": y})
    StatsForecast(models=[AutoETS(season_length=4)], freq="D", n_jobs=1).forecast(df=df, h=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="path to the Floorcast server binary")
    parser.add_argument("--dir", required=True, type=Path, help="folder written by bench-forecast --dir")
    parser.add_argument("--kinds", nargs="*", default=list(SEASONS), choices=list(SEASONS))
    parser.add_argument("--n-jobs", type=int, default=-1, help="statsforecast processes (-1: all cores)")
    args = parser.parse_args()
    warm_up()
    verdicts, notes = [], []
    print("| kind | series | model | MASE | sMAPE | cover80 | cover95 | seconds |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            train_path, test_path = args.dir / f"{kind}-train.csv", args.dir / f"{kind}-test.csv"
            if not train_path.exists() or not test_path.exists():
                continue
            m, test = SEASONS[kind], read(test_path)
            history = read(train_path).dropna(subset=["quantity"])
            lengths = test.groupby("series_id").size()
            if lengths.nunique() != 1:
                sys.exit(f"{kind}: the test horizon differs between series")
            h, freq = int(lengths.iloc[0]), frequency(history)
            ets, ets_seconds = statsforecast(history, h, m, freq, args.n_jobs)
            if not ets.date.reset_index(drop=True).equals(test.date.reset_index(drop=True)):
                notes.append(f"{kind}: AutoETS dates (freq {freq}) differ from the test dates; scored by position")
            if ets[["forecast", *BANDS]].isna().any().any():
                notes.append(f"{kind}: AutoETS returned NaN for {ets.loc[ets.forecast.isna(), 'series_id'].nunique()} series")
            results = {f"statsforecast AutoETS ({freq})": (ets, ets_seconds)}
            for method in ("auto", "ets"):
                results[f"Floorcast {method}"] = floorcast(args.server, train_path, h, method, Path(tmp) / f"ours-{kind}-{method}.csv")
            mases = {}
            for model, (forecasts, seconds) in results.items():
                mase, smape, c80, c95, n, skipped = score(history, test, forecasts, m)
                mases[model.split(" (")[0]] = mase
                print(f"| {kind} | {n} | {model} | {mase:.3f} | {smape:.2f} | {c80:.1f} | {c95:.1f} | {seconds:.2f} |")
            if skipped:
                notes.append(f"{kind}: {skipped} series skipped for every model (no MASE scale)")
            raw = score(history, test, ets, m, clip=False)[0]
            if abs(raw - mases["statsforecast AutoETS"]) > 0.005 * mases["statsforecast AutoETS"]:
                notes.append(f"{kind}: AutoETS MASE unclipped {raw:.3f} vs clipped {mases['statsforecast AutoETS']:.3f}")
            ours, theirs = mases["Floorcast auto"], mases["statsforecast AutoETS"]
            verdicts.append(f"{kind}: Floorcast auto MASE {ours:.3f} {'≤' if ours <= theirs else '>'} AutoETS "
                            f"{theirs:.3f} — {'yes' if ours <= theirs else 'no'} (h = {h}, m = {m})")
    print()
    for line in verdicts + notes:
        print(line)


if __name__ == "__main__":
    main()
