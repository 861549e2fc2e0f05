/** The client version reported by web3_clientVersion and `basalt --version`. */
export const VERSION = '0.1.0';
