/**
 * @file contactcore/contactcore.h
 * @brief Umbrella header: includes every public header of libcontactcore.
 */
#ifndef LCC_CONTACTCORE_H
#define LCC_CONTACTCORE_H

#include "contactcore/version.h"
#include "contactcore/common.h"
#include "contactcore/context.h"
#include "contactcore/report.h"
#include "contactcore/tz.h"
#include "contactcore/phone.h"
#include "contactcore/text.h"
#include "contactcore/agent.h"
#include "contactcore/queue.h"
#include "contactcore/entrypoint.h"
#include "contactcore/conversation.h"
#include "contactcore/callback.h"
#include "contactcore/transport.h"
#include "contactcore/operation.h"
#include "contactcore/backend.h"
#include "contactcore/curl.h"
#include "contactcore/engine.h"
#include "contactcore/message.h"
#include "contactcore/transfer.h"
#include "contactcore/ivr.h"

#endif /* LCC_CONTACTCORE_H */
