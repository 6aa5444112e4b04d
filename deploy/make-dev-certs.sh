#!/usr/bin/env bash
# Development certificates for the event bus TLS of deploy/eventbus-tls.json: one self-signed
# key pair shared by every node (PKCS12), trusted by every node. For production, give each
# node its own certificate signed by your CA and put the CA in the truststore.
#   deploy/make-dev-certs.sh [out_dir=deploy/certs] [password=changeit] [host_or_ip=127.0.0.1]
set -euo pipefail
out="${1:-deploy/certs}"
pass="${2:-changeit}"
host="${3:-127.0.0.1}"
mkdir -p "$out"
case "$host" in *[!0-9.]*) san="dns:$host" ;; *) san="ip:$host" ;; esac
keytool -genkeypair -alias augur-node -keyalg RSA -keysize 2048 -validity 365 \
  -dname "CN=augur-node" -ext "SAN=$san" -storetype PKCS12 \
  -keystore "$out/node.p12" -storepass "$pass" -keypass "$pass" -noprompt
keytool -exportcert -alias augur-node -keystore "$out/node.p12" -storepass "$pass" -rfc -file "$out/node.crt"
rm -f "$out/trust.p12"
keytool -importcert -alias augur-node -file "$out/node.crt" -storetype PKCS12 \
  -keystore "$out/trust.p12" -storepass "$pass" -noprompt
chmod 600 "$out/node.p12" "$out/trust.p12"
echo "wrote $out/node.p12 (key pair) and $out/trust.p12 (trusted certificates)"
