// The Granary console: reads everything through the silo's REST APIs (/v1) with the key the user logged in with,
// so it shows exactly what that key may see. The key lives in sessionStorage (this tab only).
"use strict";

const keyName = "granary.apiKey";
const state = { role: null, tenantId: null };

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(keyName)}` } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body.message || body.error || `${response.status} ${response.statusText}`);
  }
  return body;
}

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") {
      element.className = value;
    } else {
      element.setAttribute(key, value);
    }
  }
  for (const child of children.flat()) {
    element.append(child instanceof Node ? child : String(child ?? ""));
  }
  return element;
}

function table(headers, rows, numeric = []) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h, i) => el("th", numeric.includes(i) ? { class: "num" } : {}, h)))),
    el("tbody", {}, rows.map(r => el("tr", {}, r.map((c, i) => el("td", numeric.includes(i) ? { class: "num" } : {}, c))))));
}

function bar(fraction, label, className = "") {
  const fill = el("span", className ? { class: className } : {});
  fill.style.width = `${Math.min(100, Math.max(0, fraction * 100)).toFixed(1)}%`;
  return el("div", { class: "bar", title: label, "aria-label": label }, fill);
}

const number = v => Number(v ?? 0);
const gib = bytes => `${(number(bytes) / 2 ** 30).toFixed(1)} GiB`;
const percent = v => `${(number(v) * 100).toFixed(2)} %`;
const ms = v => `${number(v).toFixed(2)} ms`;
const when = unixMs => number(unixMs) > 0 ? new Date(number(unixMs)).toISOString().replace(".000Z", "Z") : "never";

// Who the key is: an admin reads the cluster API, a tenant key is refused there (403) but reads its own tenant.
async function identify() {
  try {
    await api("/v1/cluster/silos");
    return { role: "admin", tenantId: null };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) {
      throw e;
    }
  }
  const tenants = await api("/v1/tenants");
  return { role: "tenant", tenantId: tenants.tenants?.[0]?.id ?? "" };
}

async function clusterView() {
  if (state.role !== "admin") {
    return [el("h2", {}, "Cluster"), el("p", { class: "muted" }, "The cluster view needs an admin key; a tenant key sees its models and its tenant.")];
  }
  const [silos, devices, replicas] = await Promise.all([api("/v1/cluster/silos"), api("/v1/cluster/devices"), api("/v1/cluster/replicas")]);
  return [
    el("h2", {}, "Cluster"),
    el("h3", {}, "Silos"),
    table(["Name", "Address", "Status", "gRPC", "Labels", "Devices"], (silos.silos ?? []).map(s => [
      s.name, s.address, el("span", { class: `state-${s.status}` }, s.status), s.grpcEndpoint ?? "",
      Object.entries(s.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(", "), String((s.devices ?? []).length)])),
    el("h3", {}, "Devices"),
    table(["Device", "Silo", "Kind", "Name", "Memory reserved / total", "", "Utilisation"], (devices.devices ?? []).map(d => {
      const total = number(d.memoryTotalBytes), reserved = number(d.memoryReservedBytes);
      return [d.id, d.siloName, d.kind, d.name, `${gib(reserved)} / ${gib(total)}`,
        bar(total > 0 ? reserved / total : 0, `${gib(reserved)} of ${gib(total)} reserved`),
        d.kind === "gpu" ? `${number(d.utilizationPercent)} %` : ""];
    })),
    el("h3", {}, "Replicas"),
    table(["Replica", "Model", "Version", "Silo", "Device", "State", "In flight", "Queued", "Provider"], (replicas.replicas ?? []).map(r => [
      r.id, r.model, r.version, r.siloName, r.deviceName ?? r.device ?? "", el("span", { class: `state-${r.state}` }, r.state),
      String(number(r.inFlight)), String(number(r.queued)), r.executionProvider ?? ""]), [6, 7]),
  ];
}

async function modelsView() {
  const [models, quality] = await Promise.all([
    api("/v1/models"),
    api("/v1/usage/quality?window=1h").catch(() => ({ models: [] })),
  ]);
  const figures = new Map((quality.models ?? []).map(q => [`${q.model}/${q.version}`, q]));
  const scope = state.role === "admin" ? "every tenant" : `tenant ${state.tenantId}`;
  return [
    el("h2", {}, "Models"),
    el("p", { class: "muted" }, `Quality over the last hour from the usage ledger (${scope}).`),
    (models.models ?? []).map(m => el("article", { class: "card", "data-model": m.name },
      el("h3", {}, m.name),
      el("p", {}, m.description || el("span", { class: "muted" }, "no description")),
      el("p", { class: "muted" }, `owner ${m.owner || "-"} · licence ${m.license || "-"} · ${m.deployment?.device ?? "cpu"} · max batch ${number(m.deployment?.maxBatchSize)}`),
      table(["Version", "State", "Replicas", "Requests", "Success", "p50", "p95", "p99", "Queue share", "Mean batch", "Availability", "SLO", "Errors"],
        (m.versions ?? []).map(v => {
          const q = figures.get(`${m.name}/${v.version}`);
          return [v.version, el("span", { class: `state-${v.state}`, title: v.reason ?? "" }, v.state), String(number(v.replicas)),
            q ? String(number(q.requests)) : "0", q ? percent(q.successRate) : "-", q ? ms(q.p50Ms) : "-", q ? ms(q.p95Ms) : "-", q ? ms(q.p99Ms) : "-",
            q ? percent(q.queueShare) : "-", q ? number(q.meanBatch).toFixed(2) : "-",
            q && q.availability !== undefined ? el("span", { class: q.availabilityMet === false ? "bad" : "" }, percent(q.availability)) : "-",
            q ? objective(q) : "-",
            q ? Object.entries(q.errorsByStatus ?? {}).map(([s, n]) => `${s} ${n}`).join(", ") : ""];
        }), [2, 3, 4, 5, 6, 7, 8, 9, 10])))
  ];
}

// The deployment's stated targets, each with met or missed (a target without data says so).
function objective(q) {
  if (!q.slo) {
    return "-";
  }
  const verdict = met => met === undefined ? "no data" : met ? "met" : "missed";
  const parts = [];
  if (number(q.slo.availability) > 0) {
    parts.push(`${percent(q.slo.availability)} ${verdict(q.availabilityMet)}`);
  }
  if (number(q.slo.p99LatencyMs) > 0) {
    parts.push(`p99 ${number(q.slo.p99LatencyMs)} ms ${verdict(q.latencyMet)}`);
  }
  return el("span", { class: q.availabilityMet === false || q.latencyMet === false ? "bad" : "ok" }, parts.join(", "));
}

function lastDays(count) {
  const days = [];
  const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
  for (let i = count - 1; i >= 0; i--) {
    days.push(new Date(today.getTime() - i * 86400000).toISOString().slice(0, 10));
  }
  return days;
}

async function tenantCard(tenant) {
  const days = lastDays(14);
  const to = new Date(Date.parse(days[days.length - 1]) + 86400000).toISOString().slice(0, 10);
  const [keys, quota, usage] = await Promise.all([
    api(`/v1/tenants/${encodeURIComponent(tenant.id)}/keys`),
    api(`/v1/tenants/${encodeURIComponent(tenant.id)}/quota`),
    api(`/v1/usage?tenantId=${encodeURIComponent(tenant.id)}&from=${days[0]}&to=${to}&bucket=day&groupBy=model&pageSize=1000`),
  ]);
  const limits = quota.limits ?? {};
  const monthly = number(limits.monthlyUnits), used = number(quota.monthlyUnitsUsed);
  const points = (usage.rows ?? []).map(r => ({ x: r.bucketStart.slice(0, 10), series: r.model, value: number(r.requests) }));
  return el("article", { class: "card", "data-tenant": tenant.id },
    el("h3", {}, `${tenant.name || tenant.id} `, el("span", { class: "muted" }, `(${tenant.id})`)),
    el("p", {}, `plan ${tenant.plan || "-"} · `, el("span", { class: `state-${tenant.status}` }, tenant.status),
      tenant.region ? ` · region ${tenant.region}` : ""),
    el("h4", {}, "Quota"),
    table(["Limit", "Value", "Current use"], [
      ["Requests per second", number(limits.requestsPerSecond) || "unlimited", `${number(quota.requestsAvailable).toFixed(1)} available now`],
      ["Units per minute", number(limits.unitsPerMinute) || "unlimited", `${number(quota.unitsAvailable).toFixed(0)} available now`],
      ["Concurrent requests", number(limits.maxConcurrent) || "unlimited", `${number(quota.concurrentLeased)} slots leased`],
      ["Units this month", monthly || "unlimited",
        el("span", {}, `${used.toLocaleString()} used in ${quota.month ?? ""}`, monthly > 0 ? bar(used / monthly, `${used} of ${monthly} units used`, "used") : "")],
    ]),
    el("h4", {}, "Keys"),
    table(["Key", "Name", "Created", "Last used", "State"], (keys.keys ?? []).map(k => [
      k.id, k.name, when(k.createdUnixMs), when(k.lastUsedUnixMs),
      number(k.revokedUnixMs) > 0 ? el("span", { class: "bad" }, `revoked ${when(k.revokedUnixMs)}`) : el("span", { class: "ok" }, "valid")])),
    el("h4", {}, "Usage"),
    points.length > 0
      ? GranaryCharts.stackedBars(points, days, `Requests per model and day (UTC), last ${days.length} days`)
      : el("p", { class: "muted" }, `No requests in the last ${days.length} days.`));
}

async function tenantsView() {
  const tenants = (await api("/v1/tenants")).tenants ?? [];
  return [el("h2", {}, "Tenants"), ...(await Promise.all(tenants.map(tenantCard)))];
}

const views = { cluster: clusterView, models: modelsView, tenants: tenantsView };

async function show() {
  const name = views[location.hash.slice(1)] ? location.hash.slice(1) : (state.role === "admin" ? "cluster" : "models");
  document.querySelectorAll("nav a").forEach(a => a.classList.toggle("active", a.dataset.view === name));
  const view = document.getElementById("view");
  view.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  try {
    view.replaceChildren(...(await views[name]()).flat());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      logOut("The key is no longer accepted; log in again.");
      return;
    }
    view.replaceChildren(el("p", { class: "error", role: "alert" }, `Could not load ${name}: ${e.message}`));
  }
}

function logOut(message = "") {
  sessionStorage.removeItem(keyName);
  state.role = state.tenantId = null;
  document.getElementById("nav").hidden = true;
  document.getElementById("view").replaceChildren();
  document.getElementById("login").hidden = false;
  document.getElementById("login-error").textContent = message;
}

async function start() {
  if (!sessionStorage.getItem(keyName)) {
    logOut();
    return;
  }
  try {
    Object.assign(state, await identify());
  } catch (e) {
    logOut(e instanceof ApiError && e.status === 401 ? "That key is not accepted." : `Could not log in: ${e.message}`);
    return;
  }
  document.getElementById("login").hidden = true;
  document.getElementById("nav").hidden = false;
  document.getElementById("who").textContent = state.role === "admin" ? "admin" : `tenant ${state.tenantId}`;
  await show();
}

document.getElementById("login").addEventListener("submit", async event => {
  event.preventDefault();
  sessionStorage.setItem(keyName, document.getElementById("api-key").value.trim());
  document.getElementById("api-key").value = "";
  await start();
});
document.getElementById("logout").addEventListener("click", () => logOut());
window.addEventListener("hashchange", show);
start();
