// The first view of a page in headless Chromium: bytes transferred and requests made.
// node first_view.cjs URL prints {"requests", "bytes", "gzipBytes", "list": [[bytes, url], ...]}.
// "bytes" is what the server sent (python -m http.server compresses nothing); "gzipBytes" is the
// same responses with text bodies gzipped, about what a host that compresses (GitHub Pages) sends.
const { chromium } = require("playwright-core");
const zlib = require("node:zlib");

const TEXT = /^(text\/|application\/(json|javascript|xml|atom\+xml))|\+xml|svg/;

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  const measured = [];
  page.on("requestfinished", (request) => measured.push((async () => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response().catch(() => null);
    const headers = sizes ? sizes.responseHeadersSize : 0;
    // Chromium reports no body size for a worker's script: its Content-Length is the transfer.
    const length = Number(response?.headers()["content-length"] ?? 0);
    const body = Math.max(sizes ? sizes.responseBodySize : 0, length);
    let gzipped = body;
    if (TEXT.test(response?.headers()["content-type"] ?? "")) {
      const content = await response.body().catch(() => null);
      if (content) gzipped = zlib.gzipSync(content).length;
    }
    return { url: request.url(), bytes: headers + body, gzipBytes: headers + gzipped };
  })()));
  await page.goto(process.argv[2], { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  const list = await Promise.all(measured);
  const total = (key) => list.reduce((sum, item) => sum + item[key], 0);
  process.stdout.write(JSON.stringify({
    requests: list.length, bytes: total("bytes"), gzipBytes: total("gzipBytes"),
    list: list.map((item) => [item.bytes, item.url]),
  }));
  await browser.close();
})();
