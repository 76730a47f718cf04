// The baseline of rusticated-wasm/bench.sh: Node's own fs.read, 1 MiB at a time from start to end
// of the file named by the argument, as the host's READ does it; prints bytes and nanoseconds.
import fs from "node:fs";

const fd = fs.openSync(process.argv[2], "r");
const buf = Buffer.allocUnsafe(1 << 20);
let total = 0;
const t0 = process.hrtime.bigint();
await new Promise((resolve, reject) => {
  const next = () => fs.read(fd, buf, 0, buf.length, null, (err, n) => {
    if (err) return reject(err);
    if (n === 0) return resolve();
    total += n;
    next();
  });
  next();
});
const ns = process.hrtime.bigint() - t0;
fs.closeSync(fd);
console.log(`${total} ${ns}`);
