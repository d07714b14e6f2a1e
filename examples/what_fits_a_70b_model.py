"""What a 70B model needs: does it fit, and how fast can batch-1 decode go (an upper bound)?

    python examples/what_fits_a_70b_model.py
"""

import accelspec as acs

chips = ["H200", "H20", "H100 SXM5", "B200", "MI300X", "Ascend 910C", "MTT S4000", "Jiangyuan D20"]
fields = ["memory_gb", "memory_bandwidth_gbs", "max_params_b_fp16", "max_params_b_fp8",
          "decode_tokens_per_s_70b_fp8", "decode_tokens_per_s_70b_fp16_x8", "prefill_tokens_per_s_70b_fp8"]
print(acs.compare(chips, fields=fields, layout="rows"))
