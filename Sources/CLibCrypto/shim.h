// The system's OpenSSL libcrypto: SHA-256 digests and HMAC (EVP interface).
#include <openssl/evp.h>
#include <openssl/hmac.h>
