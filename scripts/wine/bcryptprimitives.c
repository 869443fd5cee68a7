/*
 * bcryptprimitives.dll for Debian 12's wine 8.0 (test support only).
 *
 * Why: every Windows binary built by Go >= 1.22 loads bcryptprimitives.dll at
 * start and calls its ProcessPrng for random bytes. Real Windows (10 and
 * later) has it; wine added it only in 8.13, so under Debian 12's wine 8.0 a
 * Go program dies before main. This shim exports ProcessPrng and answers it
 * with RtlGenRandom (advapi32's SystemFunction036), which wine 8.0 has.
 * scripts/wine/setup builds it with mingw into the test wine prefix's
 * system32. It never ships with kindly.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
