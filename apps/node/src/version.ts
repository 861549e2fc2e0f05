/** The client version reported by web3_clientVersion and `basalt --version`. */
export const VERSION = '0.1.0';

/** web3_clientVersion and admin_nodeInfo's name: `Basalt/v<version>/<platform>-<arch>/nodejs<major>`. */
export function clientVersion(): string {
  return `Basalt/v${VERSION}/${process.platform}-${process.arch}/nodejs${process.versions.node.split('.')[0]}`;
}
