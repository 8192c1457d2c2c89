package htmlreport

// pageHTML is the report's template: one self-contained document, its CSS
// inline, no scripts, no fonts or images from elsewhere.
const pageHTML = `{{template "head" .}}
{{with .Notes}}<ul class="notes">{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
</header>
<nav id="toc"><a href="#summary">Summary</a>{{if .Assumptions}}<a href="#assumptions">Assumptions</a>{{end}}{{if .Deals}}<a href="#deals">Deals</a>{{end}}<a href="#plan">The plan</a><a href="#gap">The gap</a><a href="#grid">Grid impact</a>{{if or .Timeline .Cashflow .JCurve}}<a href="#years">Years</a>{{end}}{{if .Outcomes}}<a href="#scenarios">Scenarios</a>{{end}}<a href="#streams">Streams</a><a href="#sites">Sites</a></nav>

<section id="summary">
<h2>Summary</h2>
{{with .Headline}}<p class="headline" id="headline">{{range .}}{{.}} {{end}}</p>{{end}}
{{template "cards" .ValueCards}}
{{with .FinanceCards}}<h3 id="finance">Finance of the halls built</h3>
{{template "cards" .}}{{end}}
{{template "cards" .Cards}}
{{with .FirmWhy}}<p class="why" id="why-firm">{{.}}</p>{{end}}
</section>

{{with .Assumptions}}<section id="assumptions">
<h2>Assumptions</h2>
<p class="muted">The inputs behind every figure above, from the case file (defaults applied); a range spans the candidate halls.</p>
<div class="scroll"><table id="assumptions-table">
<thead><tr><th>assumption</th><th class="num">value</th><th>note</th></tr></thead>
<tbody>{{range .}}
<tr data-summary-key="{{.Key}}" data-value="{{.Raw}}"><td>{{.Label}}</td><td class="num">{{.Value}}</td><td class="muted">{{.Note}}</td></tr>{{end}}
</tbody></table></div>
</section>{{end}}

{{with .Deals}}<section id="deals">
<h2>Signed deals</h2>
<p class="muted">Each hall given by its disclosed contract value: the contract value and NOI margin the pro forma gives against the disclosed ones (deals.csv).</p>
<div class="scroll"><table id="deals-table">
<thead><tr><th>hall</th><th>in service</th><th>term</th><th class="num">disclosed</th><th class="num">modelled</th><th class="num">modelled ÷ disclosed</th><th class="num">NOI margin disclosed</th><th class="num">NOI margin modelled</th></tr></thead>
<tbody>{{range .}}
<tr><td>{{.Hall}}</td><td>{{.ServiceYear}}</td><td>{{.Term}}</td><td class="num">{{.Disclosed}}</td><td class="num">{{.Modelled}}</td><td class="num">{{.Ratio}}</td><td class="num">{{.NOIDisclosed}}</td><td class="num">{{.NOIModelled}}</td></tr>{{end}}
</tbody></table></div>
</section>{{end}}

<section id="plan">
<h2>The plan</h2>
{{if .Stochastic}}<p class="muted">A stochastic plan: the halls marked <span class="now">built now</span> are decided now for every scenario; the others are the reference scenario's.</p>{{end}}
<p class="muted">Every candidate hall, built or not: its value to the plan (a built hall's revenue less its costs over the run, without the mining it displaces; for a hall not built, how much the objective would change if its site built it, with its best other halls, every other site as planned) and its NPV as a project over its life (a hall not built valued as if it entered service at its earliest). A hall can have a positive NPV and still lose to the mining and interconnection it would take.</p>
<div class="plan"><table id="plan-table">
<thead><tr><th>site</th><th>region</th><th>hall</th><th>cooling</th><th class="num">IT MW</th><th>built</th><th>in service</th><th class="num">value to the plan</th><th class="num">NPV as a project</th></tr></thead>
<tbody>{{$stoch := .Stochastic}}{{range .Plan}}
<tr class="{{if .Built}}built{{else}}not-built{{end}}"><td>{{.Site}}</td><td>{{.Region}}</td><td>{{.Hall}}</td><td>{{.Cooling}}</td><td class="num">{{mw .ITMW}}</td><td>{{if .Built}}yes{{else}}no{{end}}{{if and $stoch .Now}} <span class="now">built now</span>{{end}}</td><td>{{.ServiceYear}}</td><td class="num">{{.Value}}</td><td class="num">{{.NPV}}{{with .Why}}<div class="why">{{.}}</div>{{end}}</td></tr>{{end}}
</tbody></table></div>
</section>

<section id="gap">
<h2>The US power gap</h2>
{{with .GapSentence}}<p id="gap-sentence">{{.}}</p>{{end}}
{{template "figure" .Gap}}
</section>
{{/* The headroom section (its own template block) goes here. */}}

<section id="grid">
<h2>Grid impact</h2>
<p class="muted">What the grid sees: each region's load before (no conversion) and after (the plan), hours sorted from the highest load.</p>
{{range .Regions}}{{template "figure" .}}{{end}}
{{with .GridHeadroom}}{{template "gridheadroom" .}}{{end}}
</section>

{{if or .Timeline .Cashflow .JCurve}}<section id="years">
<h2>Years</h2>
{{with .Timeline}}{{template "figure" .}}{{end}}
{{with .JCurve}}{{template "figure" .}}{{end}}
{{with .Cashflow}}{{template "figure" .}}{{end}}
</section>{{end}}

{{with .Outcomes}}<section id="scenarios">
<h2>Scenarios</h2>
{{template "cards" $.RiskCards}}
{{template "figure" .}}
</section>{{end}}

<section id="streams">
<h2>Revenue and cost streams</h2>
{{template "figure" .Portfolio}}
</section>

<section id="sites">
<h2>Sites</h2>
{{if .Omitted}}<p class="muted">The {{len .Sites}} largest sites by interconnection are drawn; {{.Omitted}} more are in hourly.parquet and the tables above.</p>{{end}}
{{range .Sites}}<div class="site" id="{{.Anchor}}">
<h3>{{.ID}} <span class="muted">— {{.Region}}, node {{.Node}}</span></h3>
{{with .Why}}<p class="why">{{.}}</p>{{end}}
{{template "figure" .Dispatch}}
{{template "figure" .Heat}}
{{template "figure" .Duration}}
{{template "figure" .Streams}}
</div>{{end}}
</section>

<footer>Made by gridflip from summary.json and the Parquet files beside this report; every figure's values are in its Data table.</footer>
</body>
</html>
`

// pageCSS is the style sheet of every page gridflip writes.
const pageCSS = `:root { --ink: #1d2733; --muted: #5b6775; --rule: #d8dee5; --accent: #0072B2; --bg: #ffffff; --card: #f4f7fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 28px 48px; color: var(--ink); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 16px; margin: 24px 0 6px; }
p.meta, .muted { color: var(--muted); }
nav { margin: 16px 0; font-size: 14px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
p.headline { font-size: 16px; line-height: 1.55; margin: 10px 0 4px; max-width: 900px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: var(--card); border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 24px; font-weight: 650; }
.card .label { font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.card .detail { font-size: 12px; color: var(--muted); margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; }
td.num, th.num { text-align: right; }
tr.not-built td { color: var(--muted); }
.plan { max-height: 480px; overflow: auto; border: 1px solid var(--rule); border-radius: 6px; }
.plan thead th { position: sticky; top: 0; background: var(--card); }
figure.fig { margin: 14px 0 22px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart image { image-rendering: pixelated; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
details { margin-top: 4px; font-size: 13px; }
details table.data { max-width: 640px; }
summary { cursor: pointer; color: var(--accent); }
.site { border-top: 1px solid var(--rule); margin-top: 28px; }
.notes li { color: var(--muted); font-size: 13px; }
.why { font-size: 12px; color: var(--muted); font-style: italic; margin: 2px 0 6px; }
td .why { margin: 2px 0 0; font-size: 11px; text-align: right; }
.now { font-size: 11px; background: #e7f1f8; color: var(--accent); border-radius: 4px; padding: 0 4px; white-space: nowrap; }
.scroll { overflow-x: auto; }
#assumptions-table { max-width: 900px; }
@media (max-width: 600px) {
  body { padding: 12px 10px 32px; }
  .card .value { font-size: 20px; }
}
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav, details { display: none; }
  .plan { max-height: none; overflow: visible; border: 0; }
  figure.fig, .card, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .site { break-before: page; }
}
`

// headHTML opens every page gridflip writes: the document head with the
// style sheet, and the title and generation line of .Title and .Generated.
const headHTML = `{{define "head"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gridflip">
<title>{{.Title}}</title>
<style>
` + pageCSS + `</style>
</head>
<body>
<header>
<h1 id="title">{{.Title}}</h1>
<p class="meta" id="generated">{{.Generated}}</p>
{{end}}`

// cardsHTML draws a row of cards; a card from summary.json carries its
// path there and its raw value.
const cardsHTML = `{{define "cards"}}<div class="cards">{{range .}}
<div class="card" id="{{.ID}}"{{if .Key}} data-summary-key="{{.Key}}" data-value="{{.Raw}}"{{end}}><div class="label">{{.Label}}</div><div class="value">{{.Value}}</div><div class="detail">{{.Detail}}</div></div>{{end}}
</div>{{end}}`

// figureHTML draws one figure: its SVG, caption and data table.
const figureHTML = `{{define "figure"}}<figure class="fig" id="fig-{{.ID}}">
{{.SVG}}
{{with .Caption}}<figcaption>{{.}}</figcaption>{{end}}
<details><summary>Data</summary><table class="data" id="data-{{.ID}}"><thead><tr>{{range .Table.Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Table.Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody></table></details>
</figure>{{end}}
`
