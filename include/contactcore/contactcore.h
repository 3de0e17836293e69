/**
 * @file contactcore/contactcore.h
 * @brief Umbrella header: includes every public header of libcontactcore.
 */
#ifndef LCC_CONTACTCORE_H
#define LCC_CONTACTCORE_H

#include "contactcore/version.h"
#include "contactcore/common.h"

#endif /* LCC_CONTACTCORE_H */
