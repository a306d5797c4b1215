#!/usr/bin/python3
"""Writes the fixtures of the training and persistence tests (optimisers, clipping, plateau schedule, safetensors
interop with nn.LSTM / nn.GRU / nn.RNN) into tests/fixtures/training/.

Run with Debian's python3-torch:  /usr/bin/python3 tests/make_training_fixtures.py

Debian 12 has no python3-safetensors package and PyPI is unreachable here, so unless `import safetensors` works,
the files are written and read by hand below, exactly as the format specifies: an 8-byte little-endian header length,
a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {str: str}} padded with spaces to 8 bytes, then the
raw little-endian tensor data.

When tests/fixtures/training/recurrent_lstm.safetensors exists (Recurrent's own writer made it from
the PyTorch LSTM state dict; see TorchInteropTests), this script also loads it into a fresh nn.LSTM with
load_state_dict(strict=True) and checks that the outputs are PyTorch's: the round trip the other way.
"""
import json
import os
import struct
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "training")
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16"}
FROM_DTYPE = {v: k for k, v in DTYPES.items()}

try:
    import safetensors.torch as st  # preferred when present
except ImportError:
    st = None


def save(path, tensors, metadata=None):
    tensors = {k: v.detach().contiguous().cpu() for k, v in tensors.items()}
    if st is not None:
        st.save_file(tensors, path, metadata=metadata)
        return
    assert sys.byteorder == "little"
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        t = tensors[name]
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load(path):
    if st is not None:
        return st.load_file(path)
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    body = data[8 + n:]
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = FROM_DTYPE[info["dtype"]]
        raw = bytearray(body[begin:end])
        if dtype == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=dtype)
        out[name] = t.reshape(info["shape"]).clone()
    return out


OPTIMISERS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "rmsprop": (torch.optim.RMSprop, dict(lr=2e-3, alpha=0.95, eps=1e-8)),
    "rmsprop_centered_momentum": (torch.optim.RMSprop, dict(lr=1e-3, alpha=0.9, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.01)),
    "adagrad": (torch.optim.Adagrad, dict(lr=0.1)),
    "adagrad_decay": (torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, eps=1e-8, weight_decay=0.02)),
    "adam": (torch.optim.Adam, dict(lr=1e-2)),
    "adam_amsgrad_l2": (torch.optim.Adam, dict(lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05, amsgrad=True)),
    "adamw": (torch.optim.AdamW, dict(lr=1e-2, weight_decay=0.1)),
    "adamw_amsgrad": (torch.optim.AdamW, dict(lr=1e-2, betas=(0.85, 0.98), weight_decay=0.2, amsgrad=True)),
}
STEPS = 10
SHAPES = [(3, 4), (5,)]


def optimiser_fixtures():
    tensors, meta = {}, {}
    for name, (cls, args) in OPTIMISERS.items():
        g = torch.Generator().manual_seed(len(name) * 7919 + sum(map(ord, name)))
        params = [torch.randn(s, generator=g).requires_grad_() for s in SHAPES]
        grads = [torch.randn((STEPS,) + s, generator=g) for s in SHAPES]
        for i, p in enumerate(params):
            tensors[f"{name}/start.{i}"] = p.detach().clone()
            tensors[f"{name}/grads.{i}"] = grads[i]
        kwargs = dict(args)
        kwargs["foreach"] = False
        opt = cls(params, **kwargs)
        for step in range(STEPS):
            for i, p in enumerate(params):
                p.grad = grads[i][step].clone()
            opt.step()
        for i, p in enumerate(params):
            tensors[f"{name}/final.{i}"] = p.detach().clone()
        meta[name] = json.dumps({"optimizer": cls.__name__, "args": {k: v for k, v in args.items()}})
    save(os.path.join(OUT, "optimizers.safetensors"), tensors, meta)


def clipping_and_schedule_fixtures():
    g = torch.Generator().manual_seed(5)
    tensors, meta = {}, {}
    for case, max_norm in (("clip_big", 0.5), ("clip_small", 100.0)):
        grads = [torch.randn(s, generator=g) for s in SHAPES]
        params = [torch.zeros(s, requires_grad=True) for s in SHAPES]
        for i, (p, gr) in enumerate(zip(params, grads)):
            p.grad = gr.clone()
            tensors[f"{case}/before.{i}"] = gr.clone()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        for i, p in enumerate(params):
            tensors[f"{case}/after.{i}"] = p.grad.clone()
        tensors[f"{case}/norm"] = norm.reshape(1).float()
        meta[case] = json.dumps({"max_norm": max_norm})
    metrics = [1.0, 0.9, 0.95, 0.95, 0.89999, 0.96, 0.97, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1.0)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2, threshold=1e-3, cooldown=1, min_lr=0.1)
    lrs = []
    for m in metrics:
        sched.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    tensors["plateau/metrics"] = torch.tensor(metrics, dtype=torch.float64)
    tensors["plateau/lrs"] = torch.tensor(lrs, dtype=torch.float64)
    meta["plateau"] = json.dumps({"factor": 0.5, "patience": 2, "threshold": 1e-3, "cooldown": 1, "min_lr": 0.1})
    save(os.path.join(OUT, "clipping_and_plateau.safetensors"), tensors, meta)


def dtype_fixture():
    values = torch.tensor([[0.0, 1.0, -2.5, 0.333251953125], [65504.0, -1e-3, 3.140625, 1e-5]], dtype=torch.float64)
    tensors = {"f64": values, "f32": values.float(), "f16": values.half(), "bf16": values.bfloat16()}
    save(os.path.join(OUT, "dtypes.safetensors"), tensors, {"about": "the same 2x4 values in four dtypes"})


RNNS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}


def rnn_fixtures():
    for name, cls in RNNS.items():
        torch.manual_seed(1234)
        net = cls(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
        x = torch.randn(5, 2, 3)
        with torch.no_grad():
            out, state = net(x)
        config = {"mode": name.upper(), "input_size": "3", "hidden_size": "4", "num_layers": "2", "bidirectional": "true", "batch_first": "false"}
        save(os.path.join(OUT, f"torch_{name}.safetensors"), net.state_dict(), config)
        io = {"input": x, "output": out}
        if name == "lstm":
            io["h_n"], io["c_n"] = state
        else:
            io["h_n"] = state
        save(os.path.join(OUT, f"torch_{name}_io.safetensors"), io)


def check_written_by_recurrent():
    path = os.path.join(OUT, "recurrent_lstm.safetensors")
    if not os.path.exists(path):
        print("no recurrent_lstm.safetensors yet: the check of Recurrent's writer is skipped")
        return
    net = torch.nn.LSTM(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
    net.load_state_dict(load(path), strict=True)
    io = load(os.path.join(OUT, "torch_lstm_io.safetensors"))
    with torch.no_grad():
        out, _ = net(io["input"])
    assert torch.equal(out, io["output"]), "the LSTM loaded from Recurrent's file gives other outputs"
    print("recurrent_lstm.safetensors loads into nn.LSTM and reproduces its outputs")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    optimiser_fixtures()
    clipping_and_schedule_fixtures()
    dtype_fixture()
    rnn_fixtures()
    check_written_by_recurrent()
    print("wrote", sorted(os.listdir(OUT)))
