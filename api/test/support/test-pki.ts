import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A throwaway PKI made with the openssl CLI (node:crypto makes keys, not certificates): a CA and
 * the certificates it signs, written as PEM files into `dir` and returned as text too.
 */
export interface Issued {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

export class TestPki {
  ca: Issued;
  private serial = 1;

  constructor(
    readonly dir: string,
    readonly name = "ca",
  ) {
    this.ca = this.file(name);
    this.openssl(
      "req",
      "-x509",
      ...EC,
      "-keyout",
      this.ca.keyFile,
      "-out",
      this.ca.certFile,
      "-days",
      "2",
      "-subj",
      `/CN=Levee test ${name}`,
    );
    this.ca = this.read(this.ca);
  }

  private openssl(...args: string[]) {
    execFileSync("openssl", args, { cwd: this.dir, stdio: "pipe" });
  }

  private file(name: string): Issued {
    return {
      certFile: join(this.dir, `${name}.pem`),
      keyFile: join(this.dir, `${name}.key`),
      cert: "",
      key: "",
    };
  }

  private read(f: Issued): Issued {
    return { ...f, cert: readFileSync(f.certFile, "utf8"), key: readFileSync(f.keyFile, "utf8") };
  }

  /**
   * A certificate signed by this CA naming `dnsNames`. `validity`: from and to as openssl dates
   * (YYYYMMDDHHMMSSZ), for an expired one; by default valid for two days from now.
   */
  issue(name: string, dnsNames: string[], validity?: { from: string; to: string }): Issued {
    const f = this.file(`${this.name}-${name}`);
    const csr = join(this.dir, `${this.name}-${name}.csr`);
    this.openssl("req", ...EC, "-keyout", f.keyFile, "-out", csr, "-subj", `/CN=${dnsNames[0] ?? name}`);
    const ext = join(this.dir, `${this.name}-${name}.ext`);
    writeFileSync(
      ext,
      `[x]\nsubjectAltName=${dnsNames.map((d) => `DNS:${d}`).join(",")}\nextendedKeyUsage=serverAuth,clientAuth\n`,
    );
    if (!validity) {
      this.openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        this.ca.certFile,
        "-CAkey",
        this.ca.keyFile,
        "-set_serial",
        String(this.serial++),
        "-days",
        "2",
        "-extfile",
        ext,
        "-extensions",
        "x",
        "-out",
        f.certFile,
      );
      return this.read(f);
    }
    // `openssl x509` only counts days forward: `openssl ca` takes explicit dates.
    const db = join(this.dir, `${this.name}-index.txt`);
    writeFileSync(db, "");
    writeFileSync(join(this.dir, `${this.name}-serial`), `${String(this.serial++).padStart(2, "0")}\n`);
    const cnf = join(this.dir, `${this.name}-ca.cnf`);
    writeFileSync(
      cnf,
      `[ca]\ndefault_ca=d\n[d]\ndatabase=${db}\nnew_certs_dir=${this.dir}\nserial=${join(this.dir, `${this.name}-serial`)}\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`,
    );
    this.openssl(
      "ca",
      "-batch",
      "-notext",
      "-config",
      cnf,
      "-cert",
      this.ca.certFile,
      "-keyfile",
      this.ca.keyFile,
      "-in",
      csr,
      "-out",
      f.certFile,
      "-startdate",
      validity.from,
      "-enddate",
      validity.to,
      "-extfile",
      ext,
      "-extensions",
      "x",
    );
    return this.read(f);
  }
}
