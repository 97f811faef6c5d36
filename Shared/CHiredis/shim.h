#ifndef TILL_CHIREDIS_SHIM_H
#define TILL_CHIREDIS_SHIM_H
// hiredis is used only as a RESP reply parser (redisReader) and command encoder
// (redisFormatCommandArgv); NIO owns every socket.
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
