"""A realistic review history for the shipped sets, to look at the Statistics screen.

    pip install fsrs==6.3.1
    python3 assets/demo/generate_history.py > assets/demo/history.csv
    allydeck --profile demo log import assets/demo/history.csv

A simulated student studies most evenings for 150 days up to 23 November 2026 (UTC+1),
introduces up to 12 new questions a day, and recalls each due card with the probability
FSRS predicts (py-fsrs, an independent implementation, does the scheduling). The output is a
review-log CSV in allydeck's interchange format.
"""

import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fsrs import Card, Rating, Scheduler

ROOT = Path(__file__).resolve().parents[2]
LOCAL = timezone(timedelta(hours=1))


def card_keys():
    keys = []
    for name in ["article-5", "invocation-2001", "partnership-for-peace", "ccdcoe-tallinn"]:
        text = (ROOT / "questions" / f"{name}.ron").read_text(encoding="utf-8")
        ids = re.findall(r'^\s+id: "([a-z0-9-]+)"', text, flags=re.M)
        keys += [f"{name}/{q}" for q in ids if q != name]  # the set's own id is not a question
    return keys


def main():
    rng = random.Random(1949)
    scheduler = Scheduler(enable_fuzzing=False)
    keys = card_keys()
    cards = {}
    waiting = list(keys)
    out = sys.stdout
    out.write("card,reviewed_at,rating,duration_ms\n")
    start = datetime(2026, 6, 27, 19, 0, tzinfo=LOCAL)
    for day in range(150):
        if rng.random() < 0.18:
            continue  # a day off
        now = start + timedelta(days=day, minutes=rng.randint(-90, 120))
        due = [k for k, c in cards.items() if c.due <= now.astimezone(timezone.utc) + timedelta(hours=4)]
        new = [waiting.pop(0) for _ in range(min(12, len(waiting)))] if rng.random() < 0.85 else []
        for key in new:
            cards[key] = Card()
        queue = due + new
        rng.shuffle(queue)
        for key in queue:
            card = cards[key]
            # Answer repeatedly until the card leaves (re)learning for the day.
            for _ in range(6):
                moment = now.astimezone(timezone.utc)
                if card.stability is None:
                    recall = 0.55
                else:
                    recall = scheduler.get_card_retrievability(card, moment)
                if rng.random() < recall:
                    rating = rng.choices([Rating.Hard, Rating.Good, Rating.Easy], [15, 75, 10])[0]
                else:
                    rating = Rating.Again
                card, _ = scheduler.review_card(card, rating, review_datetime=moment)
                duration = rng.randint(2500, 18000)
                out.write(f"{key},{now.isoformat()},{int(rating)},{duration}\n")
                now += timedelta(milliseconds=duration + rng.randint(500, 4000))
                if card.due > moment + timedelta(hours=4):
                    break
                now = max(now, card.due.astimezone(LOCAL))
            cards[key] = card


if __name__ == "__main__":
    main()
