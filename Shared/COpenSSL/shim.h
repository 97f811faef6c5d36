#ifndef TILL_COPENSSL_SHIM_H
#define TILL_COPENSSL_SHIM_H
// libcrypto's one-shot digests and HMAC (libssl-dev ships the headers), and TillTLS's check that
// a private key belongs to its certificate (d2i_AutoPrivateKey, i2d_PUBKEY).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#endif
