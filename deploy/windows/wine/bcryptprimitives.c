/* A stand-in for Windows' bcryptprimitives.dll, for testing the Windows
 * build under wine 8 (Debian 12), which lacks it: Go 1.24 and later load
 * ProcessPrng from it at start. It answers with RtlGenRandom (advapi32's
 * SystemFunction036). Never shipped: `make dist-check` builds it into the
 * throwaway wine prefix it installs the app in. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
