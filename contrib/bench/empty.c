/*
 * empty.c: the smallest FastCGI responder libfcgi allows: an empty 200
 * for every request. contrib/bench/run puts it behind the same nginx as
 * steward to measure the ceiling that nginx + FastCGI set on their own.
 */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request	req;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutS("Status: 200 OK\r\nContent-Type: text/plain\r\n"
		    "Content-Length: 0\r\n\r\n", req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
