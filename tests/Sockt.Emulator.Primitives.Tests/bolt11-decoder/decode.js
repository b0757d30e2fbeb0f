'use strict'
// Decodes BOLT #11 invoices with the independent `bolt11` package and prints one JSON object per argument
// (as a JSON array): the fields the emulator's encoder tests compare, with the tags flattened by name.
// A malformed invoice prints {"error": "..."} in its place, so one bad input does not hide the others.
const bolt11 = require('bolt11')

const results = process.argv.slice(2).map((invoice) => {
  try {
    const decoded = bolt11.decode(invoice)
    const tags = {}
    for (const tag of decoded.tags) tags[tag.tagName] = tag.data
    return {
      prefix: decoded.prefix,
      network: decoded.network.bech32,
      millisatoshis: decoded.millisatoshis,
      timestamp: decoded.timestamp,
      timeExpireDate: decoded.timeExpireDate ?? null,
      payeeNodeKey: decoded.payeeNodeKey,
      signature: decoded.signature,
      recoveryFlag: decoded.recoveryFlag,
      tags
    }
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) }
  }
})
process.stdout.write(JSON.stringify(results))
