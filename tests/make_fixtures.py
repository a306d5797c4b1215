#!/usr/bin/python3
"""Writes the PyTorch fixtures that the recurrent-layer tests compare against.

Run with Debian's python3-torch (the pyenv python3 on PATH has no torch):

    /usr/bin/python3 tests/make_fixtures.py

Each case becomes tests/fixtures/recurrent/<case>.bin: a little-endian uint32 header length, a UTF-8 JSON header
({"config": {...}, "tensors": [{"name", "shape", "offset"}]}, offsets in floats), then the float32 data.
The loss whose gradients are stored is sum(output * R) + sum(h_n * S) [+ sum(c_n * U)].
"""
import json
import os
import struct

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

B, T, I, H = 3, 5, 4, 6
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "recurrent")


def make_module(cell, layers, bidirectional, batch_first):
    kwargs = dict(input_size=I, hidden_size=H, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
    if cell == "rnn_tanh":
        return torch.nn.RNN(nonlinearity="tanh", **kwargs)
    if cell == "rnn_relu":
        return torch.nn.RNN(nonlinearity="relu", **kwargs)
    if cell == "lstm":
        return torch.nn.LSTM(**kwargs)
    return torch.nn.GRU(**kwargs)


def write_case(name, config, tensors):
    header_tensors, offset, blobs = [], 0, []
    for tname, value in tensors:
        array = np.ascontiguousarray(value.detach().numpy().astype("<f4"))
        header_tensors.append({"name": tname, "shape": list(array.shape), "offset": offset})
        offset += array.size
        blobs.append(array.tobytes())
    header = json.dumps({"config": config, "tensors": header_tensors}, separators=(",", ":")).encode("utf-8")
    path = os.path.join(OUT_DIR, name + ".bin")
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<I", len(header)))
        f.write(header)
        for blob in blobs:
            f.write(blob)
    os.replace(path + ".tmp", path)


def run_case(cell, layers, bidirectional, variable_lengths, initial_state, batch_first, seed):
    torch.manual_seed(seed)
    directions = 2 if bidirectional else 1
    module = make_module(cell, layers, bidirectional, batch_first)
    is_lstm = cell == "lstm"

    x = torch.randn(B, T, I) if batch_first else torch.randn(T, B, I)
    x.requires_grad_(True)
    lengths = [T, 1, 3] if variable_lengths else [T] * B
    h0 = torch.randn(layers * directions, B, H).requires_grad_(True) if initial_state else None
    c0 = torch.randn(layers * directions, B, H).requires_grad_(True) if initial_state and is_lstm else None

    if variable_lengths:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
    else:
        packed = x
    state = None if h0 is None else ((h0, c0) if is_lstm else h0)
    out, final = module(packed, state)
    if variable_lengths:
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=T)
    h_n, c_n = final if is_lstm else (final, None)

    r = torch.randn(out.shape)
    s = torch.randn(h_n.shape)
    loss = (out * r).sum() + (h_n * s).sum()
    u = None
    if is_lstm:
        u = torch.randn(c_n.shape)
        loss = loss + (c_n * u).sum()
    loss.backward()

    name = f"{cell}_l{layers}{'_bidir' if bidirectional else ''}{'_varlen' if variable_lengths else ''}" \
           f"{'_h0' if initial_state else ''}{'' if batch_first else '_timemajor'}"
    config = {"cell": cell, "batch": B, "steps": T, "input_size": I, "hidden_size": H, "layers": layers,
              "bidirectional": bidirectional, "batch_first": batch_first,
              "lengths": lengths if variable_lengths else None, "initial_state": initial_state}
    tensors = [("input", x), ("output", out), ("h_n", h_n), ("R", r), ("S", s)]
    if is_lstm:
        tensors += [("c_n", c_n), ("U", u)]
    if initial_state:
        tensors += [("h0", h0), ("grad.h0", h0.grad)]
        if is_lstm:
            tensors += [("c0", c0), ("grad.c0", c0.grad)]
    tensors.append(("grad.input", x.grad))
    for pname, p in module.named_parameters():
        tensors += [(pname, p), ("grad." + pname, p.grad)]
    write_case(name, config, tensors)
    return name


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    seed = 1000
    names = []
    for cell in ["rnn_tanh", "rnn_relu", "lstm", "gru"]:
        for layers, bidirectional, variable_lengths, initial_state in [
            (1, False, False, False),
            (2, False, False, True),
            (1, True, True, False),
            (2, True, True, True),
        ]:
            seed += 1
            names.append(run_case(cell, layers, bidirectional, variable_lengths, initial_state, True, seed))
        seed += 1
        names.append(run_case(cell, 2, True, True, True, False, seed))
    print("\n".join(names))


if __name__ == "__main__":
    main()
