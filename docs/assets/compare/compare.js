// Any two versions compared in the browser, with no server: the engine's comparison
// (src/policy_engine/textdiff.py, purposes.py's match_items, purposediff.py, comparison.py)
// ported line for line, run on what the build precomputed for each version and language
// (compare_data.py: sentences and tokens as SudachiPy cut them, the purposes' items as the
// page reads them). Nothing here segments Japanese or reads Markdown's inline syntax.
// tests/test_compare_any.py holds this port to the Python's ops on many generated pairs.
//
// Loaded only by the comparison page (compare/); a version's data is fetched when chosen.
// Also a CommonJS module for node (the tests): `require(".../compare.js").compare(old, new)`.

(function () {
  "use strict";

  // ---------------------------------------------------------------------------------------
  // Python's string semantics: lengths in code points, str.isspace(), str.isalnum().

  const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const S = `[${PY_SPACE}]`;
  const SPACE_RUN = new RegExp(`${S}+`, "gu");
  const ALNUM = /[\p{L}\p{N}]/u;
  const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;

  function cpLength(text) {
    let n = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
        const p = text.charCodeAt(i - 1);
        if (p >= 0xd800 && p <= 0xdbff) n--;
      }
    }
    return n;
  }

  const chars = (text) => Array.from(text);

  // str.splitlines(keepends=True)
  function splitlines(text) {
    const lines = [];
    let start = 0;
    LINE_BREAK.lastIndex = 0;
    let m;
    while ((m = LINE_BREAK.exec(text)) !== null) {
      lines.push(text.slice(start, m.index + m[0].length));
      start = m.index + m[0].length;
    }
    if (start < text.length) lines.push(text.slice(start));
    return lines;
  }

  // " ".join(text.split())
  function squeeze(text) {
    return text.split(SPACE_RUN).filter((part) => part !== "").join(" ");
  }

  const PY_STRIP = new RegExp(`^${S}+|${S}+$`, "gu");
  const strip = (text) => text.replace(PY_STRIP, "");

  // ---------------------------------------------------------------------------------------
  // difflib.SequenceMatcher(None, a, b, autojunk=False): no junk, no popular elements.

  class SequenceMatcher {
    constructor(a, b) {
      this.a = a;
      this.b = b;
      this.b2j = new Map();
      b.forEach((element, j) => {
        const indices = this.b2j.get(element);
        if (indices) indices.push(j); else this.b2j.set(element, [j]);
      });
      this.blocks = null;
      this.fullbcount = null;
    }

    findLongestMatch(alo, ahi, blo, bhi) {
      const { a, b, b2j } = this;
      let besti = alo, bestj = blo, bestsize = 0;
      let j2len = new Map();
      for (let i = alo; i < ahi; i++) {
        const newj2len = new Map();
        const indices = b2j.get(a[i]);
        if (indices) {
          for (const j of indices) {
            if (j < blo) continue;
            if (j >= bhi) break;
            const k = (j2len.get(j - 1) || 0) + 1;
            newj2len.set(j, k);
            if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
          }
        }
        j2len = newj2len;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }

    getMatchingBlocks() {
      if (this.blocks) return this.blocks;
      const la = this.a.length, lb = this.b.length;
      const queue = [[0, la, 0, lb]];
      const found = [];
      while (queue.length) {
        const [alo, ahi, blo, bhi] = queue.pop();
        const x = this.findLongestMatch(alo, ahi, blo, bhi);
        const [i, j, k] = x;
        if (k) {
          found.push(x);
          if (alo < i && blo < j) queue.push([alo, i, blo, j]);
          if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
        }
      }
      found.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
      let i1 = 0, j1 = 0, k1 = 0;
      const blocks = [];
      for (const [i2, j2, k2] of found) {
        if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
        else {
          if (k1) blocks.push([i1, j1, k1]);
          i1 = i2; j1 = j2; k1 = k2;
        }
      }
      if (k1) blocks.push([i1, j1, k1]);
      blocks.push([la, lb, 0]);
      this.blocks = blocks;
      return blocks;
    }

    getOpcodes() {
      let i = 0, j = 0;
      const answer = [];
      for (const [ai, bj, size] of this.getMatchingBlocks()) {
        let tag = "";
        if (i < ai && j < bj) tag = "replace";
        else if (i < ai) tag = "delete";
        else if (j < bj) tag = "insert";
        if (tag) answer.push([tag, i, ai, j, bj]);
        i = ai + size; j = bj + size;
        if (size) answer.push(["equal", ai, i, bj, j]);
      }
      return answer;
    }

    ratio() {
      const matches = this.getMatchingBlocks().reduce((sum, block) => sum + block[2], 0);
      return calculateRatio(matches, this.a.length + this.b.length);
    }

    quickRatio() {
      if (!this.fullbcount) {
        this.fullbcount = new Map();
        for (const element of this.b) this.fullbcount.set(element, (this.fullbcount.get(element) || 0) + 1);
      }
      const avail = new Map();
      let matches = 0;
      for (const element of this.a) {
        const numb = avail.has(element) ? avail.get(element) : (this.fullbcount.get(element) || 0);
        avail.set(element, numb - 1);
        if (numb > 0) matches++;
      }
      return calculateRatio(matches, this.a.length + this.b.length);
    }

    realQuickRatio() {
      const la = this.a.length, lb = this.b.length;
      return calculateRatio(Math.min(la, lb), la + lb);
    }
  }

  const calculateRatio = (matches, length) => (length ? 2.0 * matches / length : 1.0);

  // ---------------------------------------------------------------------------------------
  // textdiff.py

  const PAIRING_RATIO = 0.5;
  const LCS_CELLS = 40000;

  // What the build cut each line and sentence into (compare_data.py), for both versions.
  class Words {
    constructor() {
      this.lines = new Map(); // a line without its ending -> its sentences
      this.sentences = new Map(); // a sentence -> its tokens
    }

    add(section) {
      for (const line of section.lines) {
        const pieces = line.slice(1);
        const sentences = pieces.map((tokens) => {
          const sentence = tokens.join("");
          this.sentences.set(sentence, tokens);
          return sentence;
        });
        this.lines.set(sentences.join(""), sentences);
      }
    }

    sentencesOf(body) {
      const found = this.lines.get(body);
      if (found === undefined) throw new Error(`no sentences for a line: ${JSON.stringify(body.slice(0, 60))}`);
      return found;
    }

    tokensOf(sentence) {
      const found = this.sentences.get(sentence);
      if (found === undefined) throw new Error(`no tokens for a sentence: ${JSON.stringify(sentence.slice(0, 60))}`);
      return found;
    }
  }

  function sourceOf(section) {
    return section.lines.map((line) => line.slice(1).map((tokens) => tokens.join("")).join("") + line[0]).join("");
  }

  function diffText(old, now, words) {
    return merge(diffWithMoves(old, now, words)[0]);
  }

  function diffWithMoves(old, now, words) {
    if (old === now) return [old ? [["equal", old]] : [], []];
    const oldLines = splitlines(old), newLines = splitlines(now);
    const oldKeys = oldLines.map(lineKey), newKeys = newLines.map(lineKey);
    const matcher = new SequenceMatcher(oldKeys, newKeys);
    const [movedOld, movedNew] = movedLines(matcher);
    const ops = [];
    let chunk = [];
    const pending = new Map(), placed = new Map();
    let i = 0, j = 0;
    const alone = (op) => {
      ops.push(...merge(chunk));
      chunk = [];
      ops.push(op);
      return ops.length - 1;
    };
    for (const [kind, a, b] of align(oldLines, newLines, matcher, [movedOld, movedNew])) {
      if (kind === "delete" && movedOld.has(i)) pending.set(i, alone(["delete", a]));
      else if (kind === "insert" && movedNew.has(j)) placed.set(j, alone(["insert", b]));
      else if (kind === "pair") chunk.push(...diffLine(a, b, words));
      else chunk.push([kind, kind !== "insert" ? a : b]);
      if (kind !== "insert") i++;
      if (kind !== "delete") j++;
    }
    ops.push(...merge(chunk));
    const moves = [...movedOld].map(([o, n]) => ({ old: pending.get(o), new: placed.get(n), oldLine: o, newLine: n }));
    moves.sort((x, y) => x.new - y.new);
    return [ops, moves];
  }

  const LIST_MARKER = new RegExp(`^(?:[-*+]|\\p{Nd}+[.)])${S}+`, "u");
  const JOINING_END = new RegExp(`${S}*(?:[;；,，、]${S}*(?:(?:and|or)${S}*)?|[.。])$`, "u");

  function lineKey(line) {
    return squeeze(line).replace(LIST_MARKER, "").replace(JOINING_END, "");
  }

  function movedLines(matcher) {
    const oldKeys = matcher.a, newKeys = matcher.b;
    const keptOld = new Set(), keptNew = new Set();
    for (const [a, b, size] of matcher.getMatchingBlocks()) {
      for (let k = 0; k < size; k++) { keptOld.add(a + k); keptNew.add(b + k); }
    }
    const waiting = new Map();
    newKeys.forEach((key, j) => {
      if (!keptNew.has(j) && worthMoving(key)) {
        if (!waiting.has(key)) waiting.set(key, []);
        waiting.get(key).push(j);
      }
    });
    const movedOld = new Map();
    oldKeys.forEach((key, i) => {
      const list = waiting.get(key);
      if (!keptOld.has(i) && list && list.length) movedOld.set(i, list.shift());
    });
    const movedNew = new Map([...movedOld].map(([o, n]) => [n, o]));
    return [movedOld, movedNew];
  }

  function keptInOrder(a, b) {
    const matcher = new SequenceMatcher(a, b);
    const kept = new Set();
    for (const [i, , size] of matcher.getMatchingBlocks()) {
      for (let k = 0; k < size; k++) kept.add(a[i + k]);
    }
    return kept;
  }

  function worthMoving(key) {
    let count = 0;
    for (const ch of key) if (ALNUM.test(ch)) count++;
    return count >= 4;
  }

  function diffLine(old, now, words) {
    const [oldBody, oldEnd] = splitEnding(old);
    const [newBody, newEnd] = splitEnding(now);
    let ops = [];
    for (const [kind, a, b] of align(words.sentencesOf(oldBody), words.sentencesOf(newBody))) {
      if (kind === "pair") ops.push(...diffTokens(words.tokensOf(a), words.tokensOf(b)));
      else ops.push([kind, kind !== "insert" ? a : b]);
    }
    ops = cleanup(merge(ops));
    if (oldEnd === newEnd) ops.push(["equal", oldEnd]);
    else ops.push(["delete", oldEnd], ["insert", newEnd]);
    return merge(ops);
  }

  function splitEnding(line) {
    const body = line.replace(/[\r\n]+$/, "");
    return [body, line.slice(body.length)];
  }

  function align(old, now, matcher = null, whole = [new Map(), new Map()]) {
    matcher = matcher || new SequenceMatcher(old, now);
    const out = [];
    for (const [tag, i1, i2, j1, j2] of matcher.getOpcodes()) {
      if (tag === "equal") {
        for (let k = 0; k < i2 - i1; k++) {
          const a = old[i1 + k], b = now[j1 + k];
          out.push(a === b ? ["equal", a, b] : ["pair", a, b]);
        }
      } else if (tag === "delete") {
        for (let k = i1; k < i2; k++) out.push(["delete", old[k], ""]);
      } else if (tag === "insert") {
        for (let k = j1; k < j2; k++) out.push(["insert", "", now[k]]);
      } else {
        out.push(...pair(old, now, i1, i2, j1, j2, whole));
      }
    }
    return out;
  }

  function pair(old, now, i1, i2, j1, j2, whole) {
    const [movedOld, movedNew] = whole;
    if (i2 - i1 === 1 && j2 - j1 === 1 && !movedOld.has(i1) && !movedNew.has(j1)
        && marker(old[i1]) === marker(now[j1])) {
      return [["pair", old[i1], now[j1]]];
    }
    const out = [];
    const candidates = [];
    for (let k = j1; k < j2; k++) if (!movedNew.has(k)) candidates.push(k);
    let position = 0;
    let j = j1;
    for (let i = i1; i < i2; i++) {
      let match = null;
      if (!movedOld.has(i)) {
        for (let c = position; c < candidates.length; c++) {
          if (similar(old[i], now[candidates[c]])) { match = candidates[c]; break; }
        }
      }
      if (match === null) {
        out.push(["delete", old[i], ""]);
        continue;
      }
      for (let inserted = j; inserted < match; inserted++) out.push(["insert", "", now[inserted]]);
      out.push(["pair", old[i], now[match]]);
      j = match + 1;
      position = candidates.indexOf(match) + 1;
    }
    for (let inserted = j; inserted < j2; inserted++) out.push(["insert", "", now[inserted]]);
    return out;
  }

  function similar(a, b) {
    if (marker(a) !== marker(b)) return false;
    const matcher = new SequenceMatcher(chars(a), chars(b));
    return matcher.realQuickRatio() >= PAIRING_RATIO && matcher.quickRatio() >= PAIRING_RATIO
      && matcher.ratio() >= PAIRING_RATIO;
  }

  const MARKER = new RegExp(`^(${S}*(?:#{1,6}${S}|[-*+]${S}|\\p{Nd}+[.)]${S}|>${S}?|\\|)?)`, "u");

  function marker(line) {
    return strip(MARKER.exec(line)[1]);
  }

  function diffTokens(a, b) {
    if (a.length * b.length <= LCS_CELLS) return lcsOps(a, b);
    const ops = [];
    for (const [tag, i1, i2, j1, j2] of new SequenceMatcher(a, b).getOpcodes()) {
      if (tag === "equal") ops.push(["equal", a.slice(i1, i2).join("")]);
      else {
        if (i2 > i1) ops.push(["delete", a.slice(i1, i2).join("")]);
        if (j2 > j1) ops.push(["insert", b.slice(j1, j2).join("")]);
      }
    }
    return ops;
  }

  function lcsOps(a, b) {
    const n = a.length, m = b.length;
    const lengths = [];
    for (let i = 0; i <= n; i++) lengths.push(new Int32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lengths[i], below = lengths[i + 1], token = a[i];
      let right = 0;
      for (let j = m - 1; j >= 0; j--) {
        if (token === b[j]) right = below[j + 1] + 1;
        else if (below[j] > right) right = below[j];
        row[j] = right;
      }
    }
    const ops = [];
    let i = 0, j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j] && lengths[i][j] === lengths[i + 1][j + 1] + 1) {
        ops.push(["equal", a[i]]); i++; j++;
      } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
        ops.push(["delete", a[i]]); i++;
      } else {
        ops.push(["insert", b[j]]); j++;
      }
    }
    for (; i < n; i++) ops.push(["delete", a[i]]);
    for (; j < m; j++) ops.push(["insert", b[j]]);
    return merge(ops);
  }

  function merge(ops) {
    const result = [];
    let pendingDelete = "", pendingInsert = "";
    for (const [tag, text] of ops) {
      if (!text) continue;
      if (tag === "delete") pendingDelete += text;
      else if (tag === "insert") pendingInsert += text;
      else {
        if (pendingDelete) result.push(["delete", pendingDelete]);
        if (pendingInsert) result.push(["insert", pendingInsert]);
        pendingDelete = ""; pendingInsert = "";
        if (result.length && result[result.length - 1][0] === "equal") result[result.length - 1] = ["equal", result[result.length - 1][1] + text];
        else result.push(["equal", text]);
      }
    }
    if (pendingDelete) result.push(["delete", pendingDelete]);
    if (pendingInsert) result.push(["insert", pendingInsert]);
    return result;
  }

  const cleanup = (ops) => absorbShortEqualities(merge(ops));

  function changeSize(ops) {
    let deleted = 0, inserted = 0;
    for (const [tag, text] of ops) {
      if (tag === "delete") deleted += cpLength(text);
      else if (tag === "insert") inserted += cpLength(text);
    }
    return Math.max(deleted, inserted);
  }

  function absorbShortEqualities(ops) {
    let changed = true;
    while (changed) {
      changed = false;
      for (let index = 0; index < ops.length; index++) {
        const [tag, text] = ops[index];
        if (tag !== "equal" || index === 0 || index === ops.length - 1 || text.includes("\n")) continue;
        const length = cpLength(text);
        if (length <= changeSize(run(ops, index, -1)) && length <= changeSize(run(ops, index, 1))) {
          ops = merge([...ops.slice(0, index), ["delete", text], ["insert", text], ...ops.slice(index + 1)]);
          changed = true;
          break;
        }
      }
    }
    return ops;
  }

  function run(ops, index, step) {
    const out = [];
    index += step;
    while (index >= 0 && index < ops.length && ops[index][0] !== "equal") {
      out.push(ops[index]);
      index += step;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // purposes.py: match_items

  const REWORDED_RATIO = 0.5, FRAME_SHARE = 0.5, FRAME_MIN_ITEMS = 3;
  const EXTENDED_SHARE = 0.8, EXTENDED_WORDS = 2;

  function frame(oldWords, newWords) {
    const common = (lists) => {
      if (lists.length < FRAME_MIN_ITEMS) return null;
      const counts = new Map();
      for (const words of lists) for (const word of new Set(words)) counts.set(word, (counts.get(word) || 0) + 1);
      return new Set([...counts].filter(([, n]) => n >= FRAME_SHARE * lists.length).map(([w]) => w));
    };
    const found = [common(oldWords), common(newWords)].filter((c) => c !== null);
    if (!found.length) return new Set();
    return new Set([...found[0]].filter((w) => found.every((set) => set.has(w))));
  }

  // items: [{text, words}]; returns {same, reworded: Map new -> old, inPlace: Set of new}
  function matchItems(oldItems, newItems) {
    const remainingOld = oldItems.map((_, i) => i);
    const same = new Map();
    newItems.forEach((item, j) => {
      const at = remainingOld.findIndex((i) => oldItems[i].text === item.text);
      if (at >= 0) { same.set(j, remainingOld[at]); remainingOld.splice(at, 1); }
    });
    const unmatchedNew = newItems.map((_, j) => j).filter((j) => !same.has(j));
    const reworded = new Map();
    if (remainingOld.length && unmatchedNew.length) {
      const oldWords = oldItems.map((item) => item.words), newWords = newItems.map((item) => item.words);
      const repeated = frame(oldWords, newWords);
      const similarity = (i, j) => {
        const a = oldWords[i].filter((w) => !repeated.has(w));
        const b = newWords[j].filter((w) => !repeated.has(w));
        if (!a.length || !b.length) {
          return !a.length && !b.length ? new SequenceMatcher(chars(oldItems[i].text), chars(newItems[j].text)).ratio() : 0.0;
        }
        const matcher = new SequenceMatcher(a, b);
        const kept = matcher.getMatchingBlocks().reduce((sum, block) => sum + block[2], 0);
        const extended = kept >= EXTENDED_WORDS && kept >= EXTENDED_SHARE * Math.min(a.length, b.length);
        return extended ? 1.0 : matcher.ratio();
      };
      const candidates = [];
      for (const i of remainingOld) for (const j of unmatchedNew) candidates.push([-similarity(i, j), i, j]);
      candidates.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
      for (const [ratio, i, j] of candidates) {
        if (-ratio < REWORDED_RATIO) break;
        const at = remainingOld.indexOf(i);
        if (at >= 0 && !reworded.has(j)) { reworded.set(j, i); remainingOld.splice(at, 1); }
      }
    }
    const kept = new Map([...same, ...reworded]);
    const order = newItems.map((_, j) => j).filter((j) => kept.has(j)).map((j) => kept.get(j));
    const inOrder = keptInOrder([...order].sort((x, y) => x - y), order);
    const inPlace = new Set([...kept.keys()].filter((j) => inOrder.has(kept.get(j))));
    return { same, reworded, kept, inPlace };
  }

  // ---------------------------------------------------------------------------------------
  // purposediff.py: the purposes of use, item by item

  function units(section) {
    const lines = section.lines.map((line) => line.slice(1).map((tokens) => tokens.join("")).join("") + line[0]);
    const out = [];
    let at = 0;
    for (const unit of section.units) {
      const text = lines.slice(at, at + unit[0]).join("");
      at += unit[0];
      out.push(unit.length > 1 ? { item: true, text, plain: unit[1], words: unit[2] } : { item: false, text });
    }
    return out;
  }

  function weightedLcs(a, b, weight) {
    const n = a.length, m = b.length;
    const best = [];
    for (let i = 0; i <= n; i++) best.push(new Array(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        const here = a[i] === b[j] && a[i] !== null ? best[i + 1][j + 1] + weight(a[i]) : 0;
        best[i][j] = Math.max(here, best[i + 1][j], best[i][j + 1]);
      }
    }
    const pairs = [];
    let i = 0, j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j] && a[i] !== null && best[i][j] === best[i + 1][j + 1] + weight(a[i])) {
        pairs.push([i, j]); i++; j++;
      } else if (best[i + 1][j] >= best[i][j + 1]) i++;
      else j++;
    }
    return pairs;
  }

  function purposesOps(oldSection, newSection, words) {
    const oldUnits = units(oldSection), newUnits = units(newSection);
    const oldItems = [], newItems = [];
    oldUnits.forEach((u, k) => { if (u.item) oldItems.push(k); });
    newUnits.forEach((u, k) => { if (u.item) newItems.push(k); });
    const match = matchItems(oldItems.map((k) => ({ text: oldUnits[k].plain, words: oldUnits[k].words })),
      newItems.map((k) => ({ text: newUnits[k].plain, words: newUnits[k].words })));
    // Keys as strings: "L" + a line's squeezed text, "P" + a purpose kept in place; null matches nothing.
    const oldKeys = oldUnits.map((u) => (u.item ? null : "L" + squeeze(u.text)));
    const newKeys = newUnits.map((u) => (u.item ? null : "L" + squeeze(u.text)));
    const movedOld = new Map();
    for (const [j, i] of match.kept) {
      if (match.inPlace.has(j)) { oldKeys[oldItems[i]] = newKeys[newItems[j]] = "P" + j; }
      else if (match.same.has(j)) movedOld.set(oldItems[i], newItems[j]);
    }
    const movedNew = new Map([...movedOld].map(([o, n]) => [n, o]));
    const anchors = weightedLcs(oldKeys, newKeys, (key) => (key[0] === "P" ? 1000 : 1));

    const pieces = [];
    const gap = (oldFrom, oldTo, newFrom, newTo) => {
      const olds = [], news = [];
      for (let k = oldFrom; k < oldTo; k++) olds.push([oldUnits[k].item, k]);
      for (let k = newFrom; k < newTo; k++) news.push([newUnits[k].item, k]);
      while (olds.length || news.length) {
        if (olds.length && news.length && !olds[0][0] && !news[0][0]) {
          let oldText = "", newText = "";
          while (olds.length && !olds[0][0]) oldText += oldUnits[olds.shift()[1]].text;
          while (news.length && !news[0][0]) newText += newUnits[news.shift()[1]].text;
          pieces.push(...diffText(oldText, newText, words));
        } else if (olds.length && (olds[0][0] || !news.length)) {
          const k = olds.shift()[1];
          pieces.push(movedOld.has(k) ? ["move", "delete", oldUnits[k].text] : ["delete", oldUnits[k].text]);
        } else {
          const k = news.shift()[1];
          pieces.push(movedNew.has(k) ? ["move", "insert", newUnits[k].text] : ["insert", newUnits[k].text]);
        }
      }
    };
    let i = 0, j = 0;
    for (const [a, b] of [...anchors, [oldUnits.length, newUnits.length]]) {
      gap(i, a, j, b);
      if (a < oldUnits.length) {
        const before = oldUnits[a].text, after = newUnits[b].text;
        pieces.push(...(before === after ? [["equal", before]] : diffText(before, after, words)));
      }
      i = a + 1; j = b + 1;
    }

    const ops = [];
    let chunk = [];
    const deletedAt = new Map(), insertedAt = new Map();
    const lineOf = (list, k) => list.slice(0, k).reduce((sum, u) => sum + (u.text.match(/\n/g) || []).length, 0);
    const oldMoves = [...movedOld.keys()].sort((x, y) => x - y);
    const newMoves = [...movedNew.keys()].sort((x, y) => x - y);
    for (const piece of pieces) {
      if (piece[0] !== "move") { chunk.push(piece); continue; }
      ops.push(...merge(chunk));
      chunk = [];
      ops.push([piece[1], piece[2]]);
      if (piece[1] === "delete") deletedAt.set(oldMoves.shift(), ops.length - 1);
      else insertedAt.set(newMoves.shift(), ops.length - 1);
    }
    ops.push(...merge(chunk));
    const moves = [...movedOld].map(([o, n]) => ({
      old: deletedAt.get(o), new: insertedAt.get(n), oldLine: lineOf(oldUnits, o), newLine: lineOf(newUnits, n),
    }));
    moves.sort((x, y) => x.new - y.new);
    return [ops, moves];
  }

  // ---------------------------------------------------------------------------------------
  // comparison.py

  const ADDED = "added", REMOVED = "removed", CHANGED = "changed", UNCHANGED = "unchanged", MOVED = "moved";
  const PREAMBLE_ID = "preamble", PURPOSES_ID = "purposes-of-use";

  // old, new: two versions' data (compare_data.py) of one language.
  function compare(old, now) {
    const words = new Words();
    for (const doc of [old, now]) {
      words.add(doc.preamble);
      doc.sections.forEach((section) => words.add(section));
    }
    const oldIds = old.sections.map((s) => s.id), newIds = now.sections.map((s) => s.id);
    const common = new Set(oldIds.filter((id) => newIds.includes(id)));
    const inOrder = keptInOrder(oldIds.filter((id) => common.has(id)), newIds.filter((id) => common.has(id)));
    const oldById = new Map(old.sections.map((s) => [s.id, s]));
    const result = [];
    const oldPreamble = sourceOf(old.preamble), newPreamble = sourceOf(now.preamble);
    if (oldPreamble || newPreamble) result.push(change(PREAMBLE_ID, old.preamble, now.preamble, false, words));
    const removedAfter = new Map();
    let previous = null;
    for (const section of old.sections) {
      if (!common.has(section.id)) {
        if (!removedAfter.has(previous)) removedAfter.set(previous, []);
        removedAfter.get(previous).push(section);
      } else previous = section.id;
    }
    const removed = (section) => ({ id: section.id, status: REMOVED, old: section, new: null,
      ops: [["delete", sourceOf(section)]], moves: [], innerChanges: false });
    for (const section of removedAfter.get(null) || []) result.push(removed(section));
    for (const section of now.sections) {
      if (common.has(section.id)) {
        result.push(change(section.id, oldById.get(section.id), section, !inOrder.has(section.id), words));
        for (const gone of removedAfter.get(section.id) || []) result.push(removed(gone));
      } else {
        result.push({ id: section.id, status: ADDED, old: null, new: section,
          ops: [["insert", sourceOf(section)]], moves: [], innerChanges: false });
      }
    }
    return { lang: now.lang, old, new: now, sections: withInnerChanges(result) };
  }

  function change(id, old, now, moved, words) {
    const oldSource = sourceOf(old), newSource = sourceOf(now);
    let ops, moves;
    if (oldSource === newSource || id !== PURPOSES_ID) [ops, moves] = diffWithMoves(oldSource, newSource, words);
    else [ops, moves] = purposesOps(old, now, words);
    const status = moved ? MOVED : (oldSource === newSource ? UNCHANGED : CHANGED);
    return { id, status, old, new: now, ops, moves, innerChanges: false };
  }

  function withInnerChanges(changes) {
    const open = [];
    changes.forEach((change, index) => {
      const level = change.id !== PREAMBLE_ID ? (change.new || change.old).level : 1;
      while (open.length && (changes[open[open.length - 1]].new || changes[open[open.length - 1]].old).level >= level) open.pop();
      if (change.status !== UNCHANGED) for (const parent of open) changes[parent].innerChanges = true;
      if (change.id !== PREAMBLE_ID) open.push(index);
    });
    return changes;
  }

  // The `policy diff --format json` sections, as redline.comparison_json writes them.
  function comparisonJson(comparison, fromId, toId, labels) {
    return {
      from: fromId, to: toId, lang: comparison.lang,
      sections: comparison.sections.map((change) => {
        const entry = { id: change.id, title: sectionLabel(change, labels), status: change.status, ops: change.ops };
        if (change.status === MOVED) {
          entry.moved = { from: { label: change.old.label, line: change.old.line },
            to: { label: change.new.label, line: change.new.line } };
        }
        entry.moves = change.moves.map((move) => ({ from: { op: move.old, line: change.old.line + move.oldLine },
          to: { op: move.new, line: change.new.line + move.newLine } }));
        return entry;
      }),
    };
  }

  function sectionLabel(change, labels) {
    if (change.id === PREAMBLE_ID) return labels.preamble;
    const section = change.new || change.old;
    return strip(`${section.label} ${section.title}`);
  }

  // ---------------------------------------------------------------------------------------
  // redline.py's redline (見え消し), written into the page as elements, never as HTML text.

  const MOVED_FROM = "moved_from", MOVED_TO = "moved_to";
  const NEW_SIDE = new Set(["equal", "delete", "insert", MOVED_TO]);
  const BLOCK_MARK = new RegExp(`^(${S}*(?:#{1,6}[ \\t]+|[-*+][ \\t]+|\\p{Nd}+[.)][ \\t]+|>[ \\t]?)?)`, "u");
  const HEADING = new RegExp(`^(${S}*)(#{1,6})([ \\t]+)`, "u");
  const ATTR_LIST = /[ \t]*\{[:#.][^{}\n]*\}[ \t]*$/;

  function view(change, keep) {
    const sources = new Set(change.moves.map((m) => m.old)), destinations = new Set(change.moves.map((m) => m.new));
    const out = [];
    change.ops.forEach(([tag, text], index) => {
      const shown = sources.has(index) ? MOVED_FROM : destinations.has(index) ? MOVED_TO : tag;
      if (keep.has(shown)) out.push([shown, text]);
    });
    return out;
  }

  function opLines(ops) {
    const lines = [[]];
    for (const [tag, text] of ops) {
      text.split("\n").forEach((part, index) => {
        if (index) lines.push([]);
        if (part) lines[lines.length - 1].push([tag, part]);
      });
    }
    if (lines.length && !lines[lines.length - 1].length) lines.pop();
    return lines;
  }

  // A heading's pieces without its attribute list ({#id}): redline._split_attribute_list.
  function splitAttributeList(pieces) {
    const side = pieces.some(([tag, text]) => tag !== "delete" && strip(text)) ? "delete" : "insert";
    const text = pieces.filter(([tag]) => tag !== side).map(([, t]) => t).join("");
    const match = ATTR_LIST.exec(text);
    if (!match) return pieces;
    const keep = cpLength(text.slice(0, match.index));
    let seen = 0;
    const result = [];
    for (const [tag, piece] of pieces) {
      if (tag === side) {
        if (seen <= keep) result.push([tag, piece]);
        continue;
      }
      if (seen < keep) result.push([tag, chars(piece).slice(0, keep - seen).join("")]);
      seen += cpLength(piece);
    }
    return result;
  }

  function element(document, name, attributes = {}, ...children) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    for (const child of children) node.append(child);
    return node;
  }

  function marked(document, tag, text, labels) {
    const name = tag === "insert" ? "ins" : "del";
    const hidden = (words) => element(document, "span", { class: "visually-hidden" }, words);
    return element(document, name, {}, hidden(labels[`${name}_start`]), text, hidden(labels[`${name}_end`]));
  }

  // One section's ops as blocks: headings (one level down), list items, paragraphs.
  function renderOps(document, ops, labels, into) {
    let list = null;
    for (let pieces of opLines(ops)) {
      if (!pieces.length) { list = null; continue; }
      const heading = HEADING.exec(pieces[0][1]);
      if (heading) pieces = splitAttributeList(pieces);
      let mark = "";
      const shown = [];
      pieces.forEach(([tag, text], position) => {
        if (position === 0) {
          mark = BLOCK_MARK.exec(text)[1];
          text = text.slice(mark.length);
          if (!text) return;
        }
        shown.push([tag, text]);
      });
      let block;
      const trimmed = mark.trim();
      if (heading) block = element(document, `h${Math.min(6, heading[2].length + 1)}`);
      else if (/^[-*+]$/.test(trimmed)) block = element(document, "li");
      else {
        block = element(document, "p", trimmed.startsWith(">") ? { class: "policy-compare-quote" } : {});
        if (/^\p{Nd}+[.)]$/u.test(trimmed)) block.append(`${trimmed} `);
      }
      for (const [tag, text] of shown) {
        block.append(tag === "insert" || tag === "delete" ? marked(document, tag, text, labels) : text);
      }
      if (pieces.some(([tag]) => tag === MOVED_FROM || tag === MOVED_TO)) {
        block.append(element(document, "span", { class: "policy-moved" }, labels.moved));
      }
      if (block.tagName === "LI") {
        if (!list) { list = element(document, "ul"); into.append(list); }
        list.append(block);
      } else {
        list = null;
        into.append(block);
      }
    }
  }

  function statusNote(change, labels) {
    const name = sectionLabel(change, labels);
    if (change.status === ADDED) return name + labels.added_section;
    if (change.status === REMOVED) return name + labels.removed_section;
    if (change.status === MOVED) {
      const oldPlace = change.old.label || change.old.title, newPlace = change.new.label || change.new.title;
      return name + (oldPlace === newPlace ? labels.moved : labels.moved_from.replace("{where}", oldPlace));
    }
    return "";
  }

  // redline.redline_markdown: every section, the unchanged ones folded.
  function renderRedline(document, comparison, labels) {
    const out = element(document, "div", { class: "policy-compare-redline" });
    if (!comparison.sections.some((s) => s.status !== UNCHANGED)) {
      out.append(element(document, "p", {}, labels.no_changes));
      return out;
    }
    for (const change of comparison.sections) {
      const box = element(document, "div", { class: "policy-compare-section", "data-section": change.id,
        "data-status": change.status });
      if (change.status === UNCHANGED && !change.innerChanges) {
        const details = element(document, "details", { class: "policy-unchanged" },
          element(document, "summary", {}, sectionLabel(change, labels) + labels.unchanged));
        renderOps(document, change.ops, labels, details);
        box.append(details);
      } else {
        const note = statusNote(change, labels);
        if (note) box.append(element(document, "p", { class: "policy-status" }, note));
        renderOps(document, view(change, NEW_SIDE), labels, box);
      }
      out.append(box);
    }
    return out;
  }

  const api = { SequenceMatcher, compare, comparisonJson, diffWithMoves, purposesOps, matchItems, renderRedline };

  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }

  // ---------------------------------------------------------------------------------------
  // The page: two labelled selects; the result announced; the choice kept in the address.

  function start() {
    const form = document.getElementById("policy-compare-form");
    const labels = JSON.parse(document.getElementById("policy-compare-labels").textContent);
    const status = document.getElementById("policy-compare-status");
    const result = document.getElementById("policy-compare-result");
    const oldSelect = form.elements.from, newSelect = form.elements.to;
    const loaded = new Map();
    const lang = form.dataset.lang;
    const dataOf = (id) => {
      if (!loaded.has(id)) {
        const url = new URL(form.dataset.data.replace("{id}", id).replace("{lang}", lang), document.baseURI);
        loaded.set(id, fetch(url).then((response) => {
          if (!response.ok) throw new Error(`${response.status} ${url}`);
          return response.json();
        }));
      }
      return loaded.get(id);
    };
    const nameOf = (select) => select.options[select.selectedIndex].dataset.name;
    const pageFor = (from, to) => document.querySelector(`a[data-from="${CSS.escape(from)}"][data-to="${CSS.escape(to)}"]`);

    async function show() {
      const from = oldSelect.value, to = newSelect.value;
      const title = labels.result_title.replace("{old}", nameOf(oldSelect)).replace("{new}", nameOf(newSelect));
      history.replaceState(null, "", `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      result.replaceChildren();
      if (from === to) {
        status.textContent = labels.same_version;
        return;
      }
      status.textContent = labels.loading;
      result.setAttribute("aria-busy", "true");
      try {
        const [old, now] = await Promise.all([dataOf(from), dataOf(to)]);
        const comparison = compare(old, now);
        const heading = element(document, "h2", { id: "policy-compare-title", tabindex: "-1" }, title);
        const parts = [heading];
        const page = pageFor(from, to);
        if (page) {
          const link = element(document, "a", { href: page.getAttribute("href") }, page.textContent);
          parts.push(element(document, "p", {}, labels.page_of_pair, link));
        }
        parts.push(element(document, "p", {}, labels.legend), renderRedline(document, comparison, labels));
        result.replaceChildren(...parts);
        const changed = comparison.sections.filter((s) => s.status !== UNCHANGED).length;
        status.textContent = `${title}${labels.meta_separator}${labels.changed_count.replace("{count}", changed)}`;
        heading.focus();
      } catch (error) {
        status.textContent = labels.failed;
      } finally {
        result.removeAttribute("aria-busy");
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show();
    });
    form.hidden = false;
    const asked = new URLSearchParams(location.search);
    const known = (select, id) => [...select.options].some((option) => option.value === id);
    if (known(oldSelect, asked.get("from")) && known(newSelect, asked.get("to"))) {
      oldSelect.value = asked.get("from");
      newSelect.value = asked.get("to");
      show();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
