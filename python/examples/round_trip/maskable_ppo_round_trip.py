"""The same round trip with PyTorch: MaskablePPO (sb3-contrib), torch.onnx.export, import, quantize, compare.

    pip install ./python sb3-contrib onnx onnxscript     # sb3-contrib brings PyTorch (CPU is enough)
    swift build -c release --product takt
    TAKT=.build/release/takt python3 python/examples/round_trip/maskable_ppo_round_trip.py --out round-trip-ppo

Not in CI (PyTorch is large and training takes minutes). Trains MaskablePPO
on the site of round_trip.py (``--site``, default colour batching's pick at
the paint booth) with the reward of its objective (``"lead_time"``: minus
the lead times, in hours, of the jobs completed after each decision), then
exports the policy's network -- the features extractor, ``mlp_extractor.
policy_net`` (Linear-Tanh-Linear-Tanh) and ``action_net``, i.e. the masked
logits MaskablePPO samples from -- with ``torch.onnx.export``, and hands the
ONNX file to the same steps 3-5 as round_trip.py: ``takt policy import``,
``takt quantize``, ``takt compare`` against the rules and the teacher.
Greedy use of the logits (the best allowed action) is what Takt does with
an imported network.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from sb3_contrib import MaskablePPO

import takt
from takt.binary import find_takt

from round_trip import SITES, import_quantize_compare, site_plant


class Logits(torch.nn.Module):
    """The part of MaskablePPO's policy that scores the actions (no value head, no sampling)."""

    def __init__(self, policy):
        super().__init__()
        self.extract = policy.features_extractor
        self.policy_net = policy.mlp_extractor.policy_net
        self.action_net = policy.action_net

    def forward(self, features):
        return self.action_net(self.policy_net(self.extract(features)))


def export(model, path, n_features):
    module = Logits(model.policy).eval()
    dummy = torch.zeros(1, n_features, dtype=torch.float32)
    arguments = dict(input_names=["features"], output_names=["scores"], opset_version=17)
    try:  # the TorchScript exporter: plain Gemm/Tanh nodes
        torch.onnx.export(module, dummy, str(path), dynamo=False, **arguments)
    except TypeError:  # torch before 2.5 has no dynamo= argument
        torch.onnx.export(module, dummy, str(path), **arguments)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", choices=sorted(SITES), default="pick")
    parser.add_argument("--out", default="round-trip-ppo")
    parser.add_argument("--timesteps", type=int, default=50_000)
    parser.add_argument("--duration", default="1d", help="simulated time per training episode")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reward", help='DecisionEnv reward: a name, or JSON weights such as '
                                         '\'{"throughput": 1.0, "changeovers": 0.2}\' (default: the site\'s objective)')
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--binary")
    args = parser.parse_args(argv)

    site = dict(SITES[args.site])
    site["plant"] = site_plant(site["plant"])  # as round_trip.py: the current directory first, then the repository
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    binary = find_takt(args.binary)
    reward = json.loads(args.reward) if args.reward and args.reward.startswith("{") else (args.reward or site["objective"])

    env = takt.SeedEachEpisode(takt.DecisionEnv(site["plant"], site["point"], site["at"], duration=args.duration,
                                                warmup="0s", reward=reward, binary=binary), first=1)
    model = MaskablePPO("MlpPolicy", env, n_steps=1024, batch_size=128, seed=args.seed, verbose=0)
    started = time.perf_counter()
    model.learn(total_timesteps=args.timesteps)
    print(f"== 1. MaskablePPO: {args.timesteps} steps in {time.perf_counter() - started:.0f} s", flush=True)

    onnx_path = out / "model.onnx"
    module = export(model, onnx_path, env.observation_space.shape[0])
    observation, info = env.unwrapped.reset(seed=1000)
    with torch.no_grad():
        logits = module(torch.as_tensor(observation)[None, :]).numpy()[0]
    ppo_action = int(model.predict(observation, action_masks=info["action_mask"], deterministic=True)[0])
    greedy = int(np.argmax(np.where(info["action_mask"], logits, -np.inf)))
    env.close()
    print(f"== 2. wrote {onnx_path}; greedy masked logits choose {greedy}, MaskablePPO.predict {ppo_action}",
          flush=True)

    import_quantize_compare(binary, site, onnx_path, out, replications=args.replications,
                            log=lambda message: print(message, flush=True))


if __name__ == "__main__":
    main()
