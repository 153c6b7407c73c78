#ifndef GD_CEDITLINE_SHIM_H
#define GD_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#endif
