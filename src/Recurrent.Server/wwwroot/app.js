// The page of `recurrent serve`: one part per use of a model (text, handwriting, classification, forecasting), each
// talking to the JSON API of the same server (docs/SERVE.md). Plain browser JavaScript, no build step, no libraries.
"use strict";

const uses = ["text", "draw", "classify", "forecast"];
const svgNs = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);

// The part of the page a model belongs to, by the endpoint that serves it (GET /v1/models names it).
const useOfEndpoint = {
  "/v1/text/generate": "text",
  "/v1/draw": "draw",
  "/v1/classify": "classify",
  "/v1/forecast": "forecast",
};

function showError(id, message) {
  const element = $(id);
  element.textContent = message;
  element.hidden = false;
}

function clearError(id) {
  const element = $(id);
  element.textContent = "";
  element.hidden = true;
}

// A 4xx or 5xx answer as one line a person can act on: the status and the server's own message (the detail of its
// ProblemDetails; a body of another kind as it is).
async function describeFailure(response) {
  const body = await response.text();
  let detail = body.trim();
  try {
    const problem = JSON.parse(body);
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // Not JSON: the body itself is the message.
  }
  return `${response.status} ${response.statusText}${detail ? ": " + detail : ""}`;
}

async function postJson(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await describeFailure(response));
  return response.json();
}

function setBusy(use, busy) {
  $(`${use}-go`).disabled = busy;
}

// Numbers in a text box: commas, semicolons, spaces and tabs separate them; each non-empty line is a channel. Where
// missing values are allowed, '?', 'NaN' and 'null' stand for one (sent as null).
function parseSeries(text, allowMissing = false) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error("Type or paste at least one number.");
  return lines.map((line, i) =>
    line.split(/[\s,;]+/).filter((t) => t.length > 0).map((token, j) => {
      if (allowMissing && /^(\?|nan|null)$/i.test(token)) return null;
      const value = Number(token);
      if (!Number.isFinite(value)) {
        throw new Error(`Line ${i + 1}, value ${j + 1}: '${token}' is not a number.`);
      }
      return value;
    }));
}

function optionalNumber(id) {
  const raw = $(id).value.trim();
  return raw === "" ? undefined : Number(raw);
}

// ---- models ----

let models = [];

async function loadModels() {
  try {
    const response = await fetch("/v1/models", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await describeFailure(response));
    const json = await response.json();
    models = json.models ?? [];
  } catch (error) {
    showError("models-error", `Could not list the models: ${error.message}`);
    return;
  }
  $("no-models").hidden = models.length > 0;
  for (const use of uses) {
    const select = $(`${use}-model`);
    select.replaceChildren();
    for (const model of models.filter((m) => useOfEndpoint[m.endpoint] === use)) {
      const option = document.createElement("option");
      option.value = model.name;
      option.textContent = model.name;
      select.append(option);
    }
    $(use).hidden = select.options.length === 0;
    select.addEventListener("change", () => showConfiguration(use));
    showConfiguration(use);
  }
  document.body.dataset.ready = "true";
}

function selectedModel(use) {
  return models.find((m) => m.name === $(`${use}-model`).value);
}

function showConfiguration(use) {
  const model = selectedModel(use);
  const config = model?.config ?? {};
  $(`${use}-config`).textContent = model ? `kind: ${model.kind}\n${JSON.stringify(config, null, 2)}` : "";
}

// ---- text: server-sent events read from a POST response ----

let textAbort = null;

// One SSE event from its lines: 'event:' names it (default 'message'), 'data:' lines are joined by newlines.
function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  return { name, data: data.join("\n") };
}

function tryJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function generateText(event) {
  event.preventDefault();
  clearError("text-error");
  const model = $("text-model").value;
  const prime = $("text-prime").value;
  const body = {
    model,
    prime,
    length: optionalNumber("text-length"),
    temperature: optionalNumber("text-temperature"),
  };
  const topK = optionalNumber("text-top-k");
  if (topK) body.top_k = topK;
  const seed = optionalNumber("text-seed");
  if (seed !== undefined) body.seed = seed;

  $("text-output-prime").textContent = prime;
  const sampled = $("text-output-sampled");
  sampled.textContent = "";
  $("text-status").textContent = "Sampling…";
  $("text").dataset.done = "false";
  setBusy("text", true);
  $("text-stop").disabled = false;
  textAbort = new AbortController();
  const started = performance.now();
  let characters = 0;
  let events = 0;
  const section = $("text");
  section.dataset.events = "0";
  try {
    const response = await fetch("/v1/text/generate", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal: textAbort.signal,
    });
    if (!response.ok) throw new Error(await describeFailure(response));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let finished = false;
    while (!finished) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
        const { name, data } = parseEvent(block);
        const json = tryJson(data);
        if (name === "error") throw new Error(json?.detail ?? data);
        if (name === "done") {
          finished = true;
          break;
        }
        const piece = json?.text ?? "";
        sampled.textContent += piece;
        section.dataset.events = String(++events);
        characters += [...piece].length;
        const output = $("text-output");
        output.scrollTop = output.scrollHeight;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    $("text-status").textContent = `${characters} characters in ${seconds.toFixed(2)} s`;
  } catch (error) {
    if (error.name === "AbortError") {
      $("text-status").textContent = `Stopped after ${characters} characters.`;
    } else {
      $("text-status").textContent = "";
      $("text-output-prime").textContent = "";
      showError("text-error", error.message);
    }
  } finally {
    $("text").dataset.done = "true";
    $("text-stop").disabled = true;
    textAbort = null;
    setBusy("text", false);
  }
}

// ---- handwriting: strokes animated point by point ----

// The strokes of an answer (docs/SERVE.md): each character's drawing as pen-down polylines of [x, y] points, y
// downwards. Each drawing is set after the one before it, a small gap apart, whatever origin the server gave it.
function strokesOf(answer) {
  const strokes = [];
  let cursor = 0;
  for (const drawing of answer.drawings ?? []) {
    const lines = drawing.strokes.map((stroke) => stroke.map(([x, y]) => ({ x, y })));
    const xs = lines.flat().map((p) => p.x);
    const ys = lines.flat().map((p) => p.y);
    if (xs.length === 0) continue;
    const minX = Math.min(...xs);
    const width = Math.max(...xs) - minX;
    const height = Math.max(...ys) - Math.min(...ys);
    for (const line of lines) strokes.push(line.map((p) => ({ x: p.x - minX + cursor, y: p.y })));
    cursor += width + Math.max(height, width, 1e-6) * 0.25;
  }
  return strokes;
}

let drawTimer = null;

function animateStrokes(strokes) {
  const svg = $("draw-canvas");
  svg.replaceChildren();
  const all = strokes.flat();
  if (all.length === 0) return Promise.resolve(0);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const width = Math.max(Math.max(...xs) - minX, 1);
  const height = Math.max(Math.max(...ys) - minY, 1);
  const pad = Math.max(width, height) * 0.06;
  svg.setAttribute("viewBox", `${minX - pad} ${minY - pad} ${width + 2 * pad} ${height + 2 * pad}`);
  const strokeWidth = Math.max(width, height) / 220;
  const paths = strokes.map(() => {
    const path = document.createElementNS(svgNs, "path");
    path.style.strokeWidth = String(strokeWidth);
    svg.append(path);
    return path;
  });
  // Roughly 2.5 seconds for the whole text, however many points it has, one frame drawing several points if needed.
  const perFrame = Math.max(1, Math.ceil(all.length / 150));
  let strokeIndex = 0;
  let pointIndex = 0;
  let drawn = 0;
  return new Promise((resolve) => {
    const step = () => {
      for (let n = 0; n < perFrame && strokeIndex < strokes.length; n++) {
        const stroke = strokes[strokeIndex];
        const p = stroke[pointIndex];
        const d = paths[strokeIndex].getAttribute("d") || "";
        paths[strokeIndex].setAttribute("d", `${d}${pointIndex === 0 ? "M" : "L"}${p.x} ${p.y} `);
        drawn++;
        pointIndex++;
        if (pointIndex >= stroke.length) {
          strokeIndex++;
          pointIndex = 0;
        }
      }
      $("draw-status").textContent = `${strokeIndex} of ${strokes.length} strokes, ${drawn} points`;
      if (strokeIndex < strokes.length) drawTimer = requestAnimationFrame(step);
      else resolve(drawn);
    };
    drawTimer = requestAnimationFrame(step);
  });
}

async function draw(event) {
  event.preventDefault();
  clearError("draw-error");
  if (drawTimer !== null) cancelAnimationFrame(drawTimer);
  $("draw").dataset.done = "false";
  setBusy("draw", true);
  const body = { model: $("draw-model").value, text: $("draw-text").value, bias: optionalNumber("draw-bias") };
  const seed = optionalNumber("draw-seed");
  if (seed !== undefined) body.seed = seed;
  try {
    $("draw-status").textContent = "Sampling…";
    const answer = await postJson("/v1/draw", body);
    const strokes = strokesOf(answer);
    await animateStrokes(strokes);
    $("draw-status").textContent = `${strokes.length} strokes, ${strokes.flat().length} points`;
  } catch (error) {
    $("draw-status").textContent = "";
    showError("draw-error", error.message);
  } finally {
    $("draw").dataset.done = "true";
    setBusy("draw", false);
  }
}

// ---- classification: a bar per class ----

// Label and probability pairs of the first (here the only) series of an answer: {labels, predictions}.
function classesOf(answer) {
  const probabilities = answer.predictions?.[0]?.probabilities ?? [];
  return (answer.labels ?? []).map((label, i) => ({ label: String(label), probability: Number(probabilities[i]) }));
}

// The classify request for what was pasted: a UCR/UEA .ts file goes as it is (text/plain, the model in the query);
// numbers go as JSON, one series whose steps hold one value per channel (a line per channel in the box).
function classifyRequest(model, text) {
  if (/^\s*[@#%]/m.test(text) && /@data/i.test(text)) {
    return { url: `/v1/classify?model=${encodeURIComponent(model)}`, type: "text/plain", body: text };
  }
  const channels = parseSeries(text, true);
  const steps = channels[0].length;
  channels.forEach((channel, i) => {
    if (channel.length !== steps) {
      throw new Error(`Channel ${i + 1} has ${channel.length} values and channel 1 has ${steps}; every line must have
        as many.`.replace(/\s+/g, " "));
    }
  });
  const series = Array.from({ length: steps }, (_, t) => channels.map((channel) => channel[t]));
  return { url: "/v1/classify", type: "application/json", body: JSON.stringify({ model, series }) };
}

async function classify(event) {
  event.preventDefault();
  clearError("classify-error");
  $("classify").dataset.done = "false";
  setBusy("classify", true);
  const bars = $("classify-bars");
  try {
    const request = classifyRequest($("classify-model").value, $("classify-series").value);
    const response = await fetch(request.url, {
      method: "POST",
      headers: { "Content-Type": request.type, Accept: "application/json" },
      body: request.body,
    });
    if (!response.ok) throw new Error(await describeFailure(response));
    const answer = await response.json();
    const classes = classesOf(answer).sort((a, b) => b.probability - a.probability);
    const count = answer.predictions?.length ?? 0;
    $("classify-status").textContent = count > 1 ? `The first of ${count} series:` : "";
    bars.replaceChildren(
      ...classes.map((c, i) => {
        const item = document.createElement("li");
        if (i === 0) item.className = "top";
        item.dataset.label = c.label;
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = c.label;
        label.title = c.label;
        const track = document.createElement("span");
        track.className = "track";
        const bar = document.createElement("span");
        bar.className = "bar";
        bar.style.display = "block";
        bar.style.width = `${Math.max(0, Math.min(1, c.probability)) * 100}%`;
        track.append(bar);
        const value = document.createElement("span");
        value.className = "value";
        value.textContent = `${(c.probability * 100).toFixed(1)}%`;
        item.append(label, track, value);
        return item;
      }),
    );
  } catch (error) {
    bars.replaceChildren();
    $("classify-status").textContent = "";
    showError("classify-error", error.message);
  } finally {
    $("classify").dataset.done = "true";
    setBusy("classify", false);
  }
}

// ---- forecasting: history, median and the band between the outer quantiles ----

// {level: values} from an answer's quantiles (docs/SERVE.md: a list of {q, values}), lowest level first.
function quantilesOf(answer) {
  const levels = (answer.quantiles ?? []).map((entry) => [Number(entry.q), entry.values.map(Number)]);
  return new Map(levels.sort((a, b) => a[0] - b[0]));
}

function svgElement(name, attributes) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function plotForecast(history, quantiles) {
  const svg = $("forecast-plot");
  svg.replaceChildren();
  const levels = [...quantiles.keys()];
  const median = quantiles.get(0.5) ?? quantiles.get(levels[Math.floor(levels.length / 2)]) ?? [];
  const low = quantiles.get(levels[0]) ?? median;
  const high = quantiles.get(levels[levels.length - 1]) ?? median;
  const total = history.length + median.length;
  const values = [...history, ...low, ...high, ...median];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const [left, right, top, bottom] = [44, 590, 12, 236];
  const x = (i) => left + ((right - left) * i) / Math.max(total - 1, 1);
  const y = (v) => bottom - ((bottom - top) * (v - min)) / span;
  svg.append(svgElement("line", { class: "axis", x1: left, y1: bottom, x2: right, y2: bottom }));
  svg.append(svgElement("line", { class: "axis", x1: left, y1: top, x2: left, y2: bottom }));
  for (const v of [min, (min + max) / 2, max]) {
    const label = svgElement("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end" });
    label.textContent = Number(v.toPrecision(4)).toString();
    svg.append(label);
  }
  const last = history.length - 1;
  svg.append(svgElement("line", { class: "axis", x1: x(last), y1: top, x2: x(last), y2: bottom }));
  if (levels.length > 1) {
    // The band joins the last observed value, so it opens from the history instead of floating beside it.
    const upper = [[last, history[last]], ...high.map((v, i) => [history.length + i, v])];
    const lower = low.map((v, i) => [history.length + i, v]).reverse();
    const band = [...upper, ...lower].map(([i, v]) => `${x(i)},${y(v)}`).join(" ");
    svg.append(svgElement("polygon", { class: "band", points: band }));
  }
  const line = (points, className) => {
    const coordinates = points.map(([i, v]) => `${x(i)},${y(v)}`).join(" ");
    svg.append(svgElement("polyline", { class: className, points: coordinates }));
  };
  line(history.map((v, i) => [i, v]), "history");
  line([[last, history[last]], ...median.map((v, i) => [history.length + i, v])], "median");
  const outer = levels.length > 1 ? `, band ${levels[0] * 100}%–${levels[levels.length - 1] * 100}%` : "";
  $("forecast-legend").textContent = `${history.length} observed, ${median.length} forecast (median${outer})`;
}

async function forecast(event) {
  event.preventDefault();
  clearError("forecast-error");
  $("forecast").dataset.done = "false";
  setBusy("forecast", true);
  try {
    const channels = parseSeries($("forecast-history").value);
    const history = channels.flat();
    const body = { model: $("forecast-model").value, history, quantiles: [0.1, 0.5, 0.9] };
    const seed = optionalNumber("forecast-seed");
    if (seed !== undefined) body.seed = seed;
    const answer = await postJson("/v1/forecast", body);
    const quantiles = quantilesOf(answer);
    if (quantiles.size === 0) throw new Error("The answer held no forecast.");
    plotForecast(history, quantiles);
  } catch (error) {
    $("forecast-plot").replaceChildren();
    $("forecast-legend").textContent = "";
    showError("forecast-error", error.message);
  } finally {
    $("forecast").dataset.done = "true";
    setBusy("forecast", false);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("text-form").addEventListener("submit", generateText);
  $("text-stop").addEventListener("click", () => textAbort?.abort());
  $("draw-form").addEventListener("submit", draw);
  $("classify-form").addEventListener("submit", classify);
  $("forecast-form").addEventListener("submit", forecast);
  loadModels();
});
