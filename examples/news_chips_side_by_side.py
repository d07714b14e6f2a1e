"""The chips in the news, side by side: what "rivals the H20" and "half the price of an H200" mean.

    python examples/news_chips_side_by_side.py
"""

import accelspec as acs

NEWS = ["H200", "H20", "Ascend 910C", "MTT S4000", "Jiangyuan D20", "Kunlunxin P800"]

# A spec sheet: memory, bandwidth, power, dense compute, efficiency and price, with ratios to the H200.
table = acs.compare(NEWS, baseline="H200")
print(table)

# Every claim behind one number: the datasheet and the press side by side.
print()
print(acs.get("H200").claims("compute.int8.dense"))
for claim in acs.get("H200").claims("compute.int8.dense"):
    print(" ", claim.describe(), "-", claim.note or "")
