// The rusticated Node.js host: runs a guest compiled by TeaVM to WasmGC whose "std" is rusticated,
// and implements the guest's import module `rusticated` (ABI version 1, docs/targets/wasm.md) with
// Node's asynchronous fs API.
//
//   node host.mjs GUEST.wasm [ARGS...]        (Node >= 22)
//
// Standard input, output and error are the guest's handles 0, 1 and 2. The guest's exit status is
// the process's. Environment:
//   RUSTICATED_HOST_FAULT=read   every READ of a file (not of the standard streams) fails with EIO
//   RUSTICATED_HOST_FAULT=stdin  every READ of standard input fails with EIO
// (fault injection for tests: a failing disk or terminal, as the guest would see it.)
import fs from "node:fs";
import path from "node:path";
import { load } from "./teavm-runtime.mjs";

const ABI_VERSION = 1;
const STAT_RECORD_SIZE = 64;

// The ABI's error codes (Linux's errno numbers) by Node's err.code; anything else is EIO.
const ERRORS = {
  EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, ENOMEM: 12, EACCES: 13, EBUSY: 16, EEXIST: 17, EXDEV: 18,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EMFILE: 24, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30,
  EMLINK: 31, EPIPE: 32, ENAMETOOLONG: 36, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40, ENOTSUP: 95,
  ECANCELED: 125,
};
const EIO = 5;
const EBADF = 9;
const EEXIST = 17;

function fail(message) {
  process.stderr.write(`rusticated host: ${message}\n`);
  process.exit(70);
}

const [guestFile, ...guestArgs] = process.argv.slice(2);
if (!guestFile) {
  fail("usage: node host.mjs GUEST.wasm [ARGS...]");
}
const fault = process.env.RUSTICATED_HOST_FAULT ?? "";
if (!["", "read", "stdin"].includes(fault)) {
  fail(`RUSTICATED_HOST_FAULT must be read or stdin, not '${fault}'`);
}

let memory = null;   // the guest's linear memory (imports.env.memory)
let exports = null;  // the guest's raw Wasm exports
let exited = false;
let inFlight = 0;    // operations the host is performing
let timer = null;

// Handles: files are their descriptors; directory streams get numbers of their own.
const handles = new Map([[0, fdHandle(0)], [1, fdHandle(1)], [2, fdHandle(2)]]);
let nextDirHandle = 0x40000000;

function fdHandle(fd) {
  return { fd, dir: null, busy: 0, onIdle: null, pending: null };
}

function bytes(addr, len) {
  return Buffer.from(new Uint8Array(memory.buffer, addr, len));   // a copy: memory may grow meanwhile
}

function errorCode(err) {
  return ERRORS[err?.code] ?? EIO;
}

// Runs fn(callback) as the operation `token` on handle h (if any), then completes it in the guest.
function perform(token, h, fn, onSuccess) {
  inFlight++;
  if (h) {
    h.busy++;
  }
  fn((err, value) => {
    inFlight--;
    let result;
    if (err) {
      result = -errorCode(err);
    } else {
      try {
        result = onSuccess ? onSuccess(value) : 0;
      } catch (e) {
        result = -errorCode(e);
      }
    }
    if (h && --h.busy === 0 && h.onIdle) {
      const run = h.onIdle;
      h.onIdle = null;
      run();
    }
    complete(token, result);
  });
}

function immediate(token, result) {
  inFlight++;
  setImmediate(() => {
    inFlight--;
    complete(token, result);
  });
}

function complete(token, result) {
  if (exited) {
    return;
  }
  guard(() => exports.rusticated_complete(token, result));
  tick();
}

function tick() {
  if (exited) {
    return;
  }
  const next = guard(() => exports.rusticated_tick());
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (next >= 0) {
    timer = setTimeout(() => {
      timer = null;
      tick();
    }, next);
  }
}

function guard(fn) {
  try {
    return fn();
  } catch (e) {
    if (exited) {
      return -1;
    }
    exited = true;
    process.stderr.write(`rusticated host: the guest failed: ${e?.stack ?? e}\n`);
    process.exit(70);
  }
}

function fileHandle(handle) {
  const h = handles.get(handle);
  return h && h.dir === null ? h : null;
}

function writeStat(outAddr, st) {
  const view = new DataView(memory.buffer, outAddr, STAT_RECORD_SIZE);
  const type = Number(st.mode) & 0o170000;
  const kind = type === 0o100000 ? 1 : type === 0o040000 ? 2 : type === 0o120000 ? 3 : 4;
  const time = (ns) => [Number(ns / 1000000n), Number(ns % 1000000n)];
  const [mMs, mNs] = time(st.mtimeNs);
  const [aMs, aNs] = time(st.atimeNs);
  const [bMs, bNs] = st.birthtimeNs > 0n ? time(st.birthtimeNs) : [mMs, mNs];
  view.setInt32(0, kind, true);
  view.setInt32(4, Number(st.mode) & 0o7777, true);
  view.setFloat64(8, Number(st.size), true);
  view.setFloat64(16, mMs, true);
  view.setFloat64(24, aMs, true);
  view.setFloat64(32, bMs, true);
  view.setInt32(40, mNs, true);
  view.setInt32(44, aNs, true);
  view.setInt32(48, bNs, true);
  view.setInt32(52, Number(st.nlink), true);
  view.setFloat64(56, Number(st.ino), true);
}

function direntKind(d) {
  if (d.isFile()) return 1;
  if (d.isDirectory()) return 2;
  if (d.isSymbolicLink()) return 3;
  if (d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice()) return 4;
  return 0;
}

const rusticated = {
  read(token, handle, addr, len, offset) {
    const h = fileHandle(handle);
    if (!h) return immediate(token, -EBADF);
    if ((fault === "read" && handle > 2) || (fault === "stdin" && handle === 0)) {
      return immediate(token, -EIO);
    }
    const buf = Buffer.allocUnsafe(len);
    perform(token, h, (cb) => fs.read(h.fd, buf, 0, len, offset < 0 ? null : offset, cb), (n) => {
      new Uint8Array(memory.buffer, addr, n).set(buf.subarray(0, n));
      return n;
    });
  },
  write(token, handle, addr, len, offset) {
    const h = fileHandle(handle);
    if (!h) return immediate(token, -EBADF);
    const buf = bytes(addr, len);
    perform(token, h, (cb) => fs.write(h.fd, buf, 0, len, offset < 0 ? null : offset, cb), (n) => n);
  },
  open(token, pathAddr, pathLen, flags, mode) {
    const c = fs.constants;
    let f = (flags & 1) && (flags & 2) ? c.O_RDWR : (flags & 2) ? c.O_WRONLY : c.O_RDONLY;
    if (flags & 4) f |= c.O_APPEND;
    if (flags & 8) f |= c.O_TRUNC;
    if (flags & 16) f |= c.O_CREAT;
    if (flags & 32) f |= c.O_CREAT | c.O_EXCL;
    perform(token, null, (cb) => fs.open(bytes(pathAddr, pathLen), f, mode, cb), (fd) => {
      handles.set(fd, fdHandle(fd));
      return fd;
    });
  },
  close(token, handle) {
    const h = handles.get(handle);
    if (!h || handle <= 2) return immediate(token, h ? 0 : -EBADF);
    handles.delete(handle);
    // Closed only after what is in flight on it: a descriptor is never reused under an operation.
    inFlight++;
    const run = () => {
      inFlight--;
      perform(token, null, (cb) => (h.dir ? h.dir.close().then(() => cb(null), cb) : fs.close(h.fd, cb)));
    };
    if (h.busy > 0) h.onIdle = run; else run();
  },
  stat(token, handle, pathAddr, pathLen, flags, outAddr) {
    const done = (st) => writeStat(outAddr, st);
    if (handle >= 0) {
      const h = fileHandle(handle);
      if (!h) return immediate(token, -EBADF);
      return perform(token, h, (cb) => fs.fstat(h.fd, { bigint: true }, cb), done);
    }
    const p = bytes(pathAddr, pathLen);
    const call = flags & 1 ? fs.lstat : fs.stat;
    perform(token, null, (cb) => call(p, { bigint: true }, cb), done);
  },
  fsync(token, handle, dataOnly) {
    const h = fileHandle(handle);
    if (!h) return immediate(token, -EBADF);
    perform(token, h, (cb) => (dataOnly ? fs.fdatasync : fs.fsync)(h.fd, cb));
  },
  truncate(token, handle, length) {
    const h = fileHandle(handle);
    if (!h) return immediate(token, -EBADF);
    perform(token, h, (cb) => fs.ftruncate(h.fd, length, cb));
  },
  mkdir(token, pathAddr, pathLen, mode) {
    perform(token, null, (cb) => fs.mkdir(bytes(pathAddr, pathLen), { mode }, cb));
  },
  unlink(token, pathAddr, pathLen, directory) {
    perform(token, null, (cb) => (directory ? fs.rmdir : fs.unlink)(bytes(pathAddr, pathLen), cb));
  },
  rename(token, fromAddr, fromLen, toAddr, toLen, noReplace) {
    const from = bytes(fromAddr, fromLen);
    const to = bytes(toAddr, toLen);
    // Node has no renameat2(RENAME_NOREPLACE): check, then rename (a race with another process remains).
    perform(token, null, (cb) => {
      if (!noReplace) return fs.rename(from, to, cb);
      fs.lstat(to, (err) => {
        if (!err) return cb(Object.assign(new Error("exists"), { code: "EEXIST" }));
        if (err.code !== "ENOENT") return cb(err);
        fs.rename(from, to, cb);
      });
    });
  },
  symlink(token, targetAddr, targetLen, linkAddr, linkLen) {
    perform(token, null, (cb) => fs.symlink(bytes(targetAddr, targetLen), bytes(linkAddr, linkLen), cb));
  },
  link(token, existingAddr, existingLen, linkAddr, linkLen) {
    perform(token, null, (cb) => fs.link(bytes(existingAddr, existingLen), bytes(linkAddr, linkLen), cb));
  },
  access(token, pathAddr, pathLen, mode) {
    perform(token, null, (cb) => fs.access(bytes(pathAddr, pathLen), mode, cb));
  },
  open_dir(token, pathAddr, pathLen) {
    perform(token, null, (cb) => fs.opendir(bytes(pathAddr, pathLen), { encoding: "buffer" }, cb), (dir) => {
      const handle = nextDirHandle++;
      handles.set(handle, { fd: -1, dir, busy: 0, onIdle: null, pending: null });
      return handle;
    });
  },
  read_dir(token, handle, addr, len) {
    const h = handles.get(handle);
    if (!h || !h.dir) return immediate(token, -EBADF);
    const out = Buffer.alloc(len);
    let used = 0;
    perform(token, h, (cb) => {
      const next = () => {
        const take = (d) => {
          if (d === null) return cb(null, used);
          const name = d.name;   // a Buffer: names that are not UTF-8 pass unchanged
          if (used + 3 + name.length > len) {
            h.pending = d;
            return used === 0 ? cb(Object.assign(new Error("name too long"), { code: "ENAMETOOLONG" })) : cb(null, used);
          }
          out[used] = direntKind(d);
          out.writeUInt16LE(name.length, used + 1);
          name.copy(out, used + 3);
          used += 3 + name.length;
          next();
        };
        if (h.pending) {
          const d = h.pending;
          h.pending = null;
          return take(d);
        }
        h.dir.read().then(take, cb);
      };
      next();
    }, (n) => {
      new Uint8Array(memory.buffer, addr, n).set(out.subarray(0, n));
      return n;
    });
  },
  cancel(token) {
    // Node cannot stop a file system call it has started: the operation's own completion follows.
  },
  exit(status) {
    exited = true;
    process.exit(status);
  },
};

process.on("beforeExit", () => {
  if (exited) return;
  const pending = exports?.rusticated_pending ? exports.rusticated_pending() : 0;
  if (pending > 0 && inFlight === 0 && timer === null) {
    fail(`the guest waits for ${pending} operation(s) that nothing will complete`);
  }
});

const teavm = await load(path.resolve(guestFile), {
  installImports(imports) {
    memory = imports.env.memory;
    imports.rusticated = rusticated;
  },
});
exports = teavm.instance.exports;
if (exports.rusticated_abi_version) {
  const version = exports.rusticated_abi_version();
  if (version !== ABI_VERSION) {
    fail(`the guest speaks ABI ${version}; this host speaks ${ABI_VERSION}`);
  }
}
guard(() => teavm.exports.main(guestArgs));
if (exports.rusticated_tick) {
  tick();
}
