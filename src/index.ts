/**
 * `import {Client} from 'flowctl'`: read a running pipeline's logs, status and control it
 * from code. `flowctl/register` is the Node log interceptor (`node --import flowctl/register app.js`);
 * `installInterceptor` is the same thing as an explicit call.
 */
export * from './sdk/index.js';
export {installInterceptor, type Interceptor, type InterceptorOptions} from './control/interceptor/interceptor.js';
