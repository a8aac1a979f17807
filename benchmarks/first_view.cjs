// The first view of a page in headless Chromium: bytes transferred and requests made.
const { chromium } = require("playwright-core");

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  let requests = 0;
  let bytes = 0;
  page.on("requestfinished", async (request) => {
    requests += 1;
    const sizes = await request.sizes().catch(() => null);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  await page.goto(process.argv[2], { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  process.stdout.write(JSON.stringify({ requests, bytes }));
  await browser.close();
})();
