/* sha256.h - SHA-256 (FIPS 180-4), used for pass 4's module cache keys. */
#ifndef STP_SHA256_H
#define STP_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define STP_SHA256_LEN 32
#define STP_SHA256_HEX_LEN 64

struct stp_sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];
	size_t fill;		/* bytes in buf */
};

void stp_sha256_init(struct stp_sha256 *s);
void stp_sha256_update(struct stp_sha256 *s, const void *data, size_t n);
void stp_sha256_final(struct stp_sha256 *s, uint8_t out[STP_SHA256_LEN]);
/* One-shot helper. */
void stp_sha256(const void *data, size_t n, uint8_t out[STP_SHA256_LEN]);
/* Lower-case hex; hex must hold STP_SHA256_HEX_LEN + 1 bytes. */
void stp_sha256_hex(const uint8_t d[STP_SHA256_LEN],
		    char hex[STP_SHA256_HEX_LEN + 1]);

#endif
