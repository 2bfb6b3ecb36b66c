/**
 * The one Typst template of every official document, after 367-QĐ/TWĐTN-VP and Nghị định 30/2020:
 * A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; the issuing body top left over a star line,
 * "ĐOÀN TNCS HỒ CHÍ MINH" top right over the place and date; the number; the title and its subject;
 * the body; "Nơi nhận:" and the signature side by side; the verification QR code at the foot.
 *
 * The data comes in `sys.inputs` as JSON and is only ever placed as text: nothing in it is read as
 * Typst markup or code.
 */
export const documentTemplate = String.raw`
#let d = json(bytes(sys.inputs.data))
#set document(title: d.title, author: d.issuer, date: none)
#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm))
#set text(font: "Tinos", size: 13pt, lang: "vi", fallback: false)
#set par(justify: false, leading: 0.65em, spacing: 0.9em)
// A word longer than any line (a pasted link, a code) may break between any two letters; left alone
// it would run past the right margin. Vietnamese words are short, so no real word is ever split.
// Each letter goes in its own box: breaks at zero-width spaces were measured one glyph short by
// Typst's line breaker, so such lines still ran up to a glyph past the margin.
#let breakable(body) = {
  show regex("\S{25,}"): it => it.text.clusters().map(box).join()
  body
}
// Boxing letters is dear (the verification address's ~45 letters cost ~0.6 ms of a ~4.5 ms render)
// and most documents have no long word: the compiler (typst-compiler.ts) says whether a text has one.
#show: body => if sys.inputs.longWords == "yes" { breakable(body) } else { body }

#grid(
  columns: (45%, 55%),
  // The header's lines are centred as they are, never stretched.
  align: (center + top, center + top),
  [
    #for (i, line) in d.issuerLines.enumerate() {
      if i == d.issuerLines.len() - 1 { text(weight: "bold", line) } else { line }
      linebreak()
    }
    #text(size: 12pt)[\*\*\*] \
    #text(size: 13pt, "Số: " + d.number)
  ],
  [
    #text(weight: "bold", size: 14pt, underline(offset: 3pt, "ĐOÀN TNCS HỒ CHÍ MINH")) \
    #v(0.9em)
    #text(style: "italic", size: 13pt, d.placeAndDate)
  ],
)

#v(1.2em)
#align(center)[
  #set par(justify: false)
  #text(weight: "bold", size: 14pt, d.title)
  #if d.about != "" { linebreak(); text(weight: "bold", size: 14pt, d.about) }
  #if d.about != "" { linebreak(); line(length: 30%, stroke: 0.5pt) }
]
#if d.authority != "" {
  align(center, text(weight: "bold", size: 13pt, d.authority))
}
#set par(justify: true, first-line-indent: (amount: 1cm, all: true))
#for ground in d.grounds { par(text(style: "italic", ground)) }
#if d.authority != "" { align(center, text(weight: "bold", size: 14pt, "QUYẾT ĐỊNH:")) }
#for paragraph in d.body { par(paragraph) }
#if d.validUntil != "" { par(text(weight: "bold", "Giấy giới thiệu có giá trị đến hết ngày " + d.validUntil + ".")) }

#v(1em)
#set par(first-line-indent: 0pt, justify: false)
#grid(
  columns: (50%, 50%),
  align: (left + top, center + top),
  [
    #text(weight: "bold", style: "italic", size: 12pt, "Nơi nhận:") \
    #for recipient in d.recipients { text(size: 11pt, "- " + recipient); linebreak() }
  ],
  [
    #if d.signature.heading != "" { text(weight: "bold", d.signature.heading); linebreak() }
    #text(weight: "bold", d.signature.title)
    #v(2.2cm)
    #text(weight: "bold", d.signature.name)
  ],
)

#place(bottom + left, dy: 8mm, grid(
  columns: (auto, auto),
  column-gutter: 3mm,
  align: (left + horizon, left + horizon),
  image(bytes(sys.inputs.qr), format: "svg", width: 20mm),
  // The address breaks after its slashes; between two, a part too long to fit (a long public
  // address) is broken as a long word.
  text(size: 9pt)[Mã xác thực: #text(weight: "bold", d.code) \ #if sys.inputs.longUrl == "yes" {
    breakable(d.verifyUrl)
  } else { d.verifyUrl }],
))

#if d.annex != none {
  pagebreak()
  align(center)[
    #text(weight: "bold", size: 13pt, d.annex.title) \
    #text(style: "italic", size: 12pt, d.annexNote)
  ]
  v(0.6em)
  set par(justify: false)
  table(
    columns: d.annex.columns.len(),
    inset: 5pt,
    align: (col, row) => if col == 0 { center } else { left },
    ..d.annex.columns.map(c => text(weight: "bold", size: 12pt, c)),
    ..d.annex.rows.flatten().map(c => text(size: 12pt, c)),
  )
}
`;
